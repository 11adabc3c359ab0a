// reCAPTCHA v3: fetch a token for the configured action just before the form is submitted.
document.addEventListener('submit', function (event) {
  var form = event.target;
  var field = form.querySelector('input[data-recaptcha-v3]');
  if (!field || field.value || !window.grecaptcha) { return; }
  event.preventDefault();
  window.grecaptcha.ready(function () {
    window.grecaptcha.execute(field.getAttribute('data-recaptcha-v3'), { action: field.getAttribute('data-recaptcha-action') })
      .then(function (token) { field.value = token; form.submit(); });
  });
}, true);
