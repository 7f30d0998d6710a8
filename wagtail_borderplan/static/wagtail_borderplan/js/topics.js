/* Topics as tag-it chips over a one-name-per-line textarea (the real form field).
 * Wagtail's own tag widget joins and splits names on commas; here the line break is the
 * only delimiter, so "Kinh tế, du lịch" stays one topic. Without JavaScript the textarea
 * itself works: one topic per line. */
(() => {
  const { Controller } = window.StimulusModule;

  class TopicsController extends Controller {
    static values = { url: String };

    connect() {
      const field = this.element.querySelector('textarea');
      if (!field || !window.jQuery || !window.jQuery.fn.tagit) return;
      const list = document.createElement('ul');
      field.after(list);
      field.hidden = true;
      field.style.display = 'none';
      // Stop tag-it, which listens on its own input, from cutting a name at a comma
      // typed or pasted: capture on the list runs before the input's handlers.
      const keepComma = (event) => {
        if (event.type === 'paste' || event.key === ',') event.stopPropagation();
      };
      list.addEventListener('keydown', keepComma, true);
      list.addEventListener('paste', keepComma, true);
      window.jQuery(list).tagit({
        singleField: true,
        singleFieldNode: field,
        singleFieldDelimiter: '\n',
        allowSpaces: true,
        caseSensitive: false,
        autocomplete: { source: this.suggest.bind(this) },
      });
      const input = list.querySelector('input[type="text"]');
      const label = field.id && document.querySelector(`label[for="${field.id}"]`);
      if (input && label) {
        input.id = `${field.id}-input`;
        label.htmlFor = input.id;
      }
    }

    async suggest({ term }, respond) {
      try {
        const url = new URL(this.urlValue, window.location.origin);
        url.searchParams.set('term', term);
        const response = await fetch(url, { headers: { Accept: 'application/json' } });
        const names = await response.json();
        respond(Array.isArray(names) ? names : []);
      } catch {
        respond([]);
      }
    }
  }

  window.wagtail.app.register('bp-topics', TopicsController);
})();
