// Progressive enhancement: reveal the "打印" buttons and make them print. Without JavaScript
// the page keeps its instruction to use the browser's print command.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
