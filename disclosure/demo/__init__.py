"""Demo data (演示数据) for 辽宁省文化厅 and the synthetic document generator.

- `data`: the agency, its units, the site profile, the column tree and hand-written documents
  (those named in the 2017 annual report, the 公开指南, the 公开制度, the annual reports);
- `text`: a fast generator of believable Chinese titles and bodies from phrase pools;
- `samples`: tiny valid PDF, PNG and DOCX attachments built in code;
- `seeding`: `seed_demo()`, `ensure_demo_users()` and `generate_documents()`, the functions the
  management commands `seed_demo`, `demo` and `generate_documents` call.
"""
