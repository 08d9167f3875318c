// "Est-ce la même chose ?" on the problem and idea forms (loaded by the form only): while a
// title is typed, asks the portal for the open reports and ideas an administrator has already
// looked at whose titles share its words, and lists them in the live region the page drew
// (its heading and wording are the page's, in its language). Without this script the form is
// the same, with no suggestion.
(function () {
  'use strict';

  var region = document.querySelector('[data-similar]');
  var title = document.getElementById('feedback-title');
  if (!region || !title) return;
  var found = region.querySelector('[data-similar-found]');
  var list = found.querySelector('ul');
  var kind = region.dataset.similar;
  var language = document.documentElement.lang || 'fr';
  var timer = null;
  var asked = '';

  function show(items) {
    list.textContent = '';
    items.forEach(function (item) {
      var line = document.createElement('li');
      line.textContent = item.title + ' — ' + item.status;
      list.appendChild(line);
    });
    found.hidden = items.length === 0;
  }

  function ask() {
    var text = title.value.trim();
    if (text === asked) return;
    asked = text;
    if (text.length < 8) return show([]);
    var body = 'title=' + encodeURIComponent(text) + '&kind=' + encodeURIComponent(kind) + '&language=' + encodeURIComponent(language);
    fetch('/api/feedback/similar', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: body,
    })
      .then(function (response) {
        return response.ok ? response.json() : [];
      })
      .then(function (items) {
        if (title.value.trim() === text) show(items);
      })
      .catch(function () {
        // No network: no suggestion, the form works as before.
      });
  }

  title.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 400);
  });
})();
