// Inlined in every page's <head> (with the page's nonce), so it runs before the first paint:
// the page knows scripts run, and the stylesheet folds the navigation behind the menu button on
// narrow screens from the start (nothing moves once drawn). Without scripts, the navigation
// stays open and the button stays hidden. The button works as soon as the page is parsed,
// whatever else loads later.
(function () {
  document.documentElement.classList.add('js');
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('.menu-button');
    if (!button) return;
    var open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    button.setAttribute('aria-label', open ? button.dataset.labelClose : button.dataset.labelOpen);
    var nav = document.getElementById(button.getAttribute('aria-controls'));
    if (nav) nav.classList.toggle('main-nav--open', open);
  });
})();
