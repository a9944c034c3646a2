// The console's only script: a form with data-confirm asks before it is sent. It is a file, not an inline
// handler, so the Content-Security-Policy can forbid inline script (docs/security.md).
document.addEventListener('submit', function (event) {
  var question = event.target.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
