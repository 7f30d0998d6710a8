/* Adds wagtail_vi's Vietnamese for Wagtail's admin JavaScript to Django's catalogue.
 * Wagtail serves its JavaScript catalogue from wagtail.admin's translations only, so
 * strings it leaves untranslated ("Collapse all", "Main menu") cannot come from there.
 * Wagtail's scripts look strings up when they render, after this has run. */
(() => {
  const data = document.getElementById('borderplan-wagtail-vi-catalog');
  if (!data || !window.django) return;
  const catalog = JSON.parse(data.textContent);
  window.django.catalog = window.django.catalog || {};
  Object.keys(catalog).forEach((msgid) => {
    if (!(msgid in window.django.catalog)) window.django.catalog[msgid] = catalog[msgid];
  });
})();
