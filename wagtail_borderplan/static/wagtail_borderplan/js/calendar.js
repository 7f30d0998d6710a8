/* The editorial calendar's script: a Stimulus controller on Wagtail's admin app, written
 * as Wagtail's own controllers are (values, classes and targets; the CSRF token and its
 * header from window.wagtailConfig).
 *
 * Dropping an entry on a day (or on the drawer) POSTs to the card's move URL; the card
 * moves at once and goes back, with the server's message, if refused. The outcome shows
 * in Wagtail's messages and a `bp-calendar:moved` event follows a successful move.
 * Applying or clearing the filters also POSTs them to the preferences URL, so that the
 * calendar opens with them next time.
 *
 * Every action also has a plain link and form (the move page, the "Remember these
 * filters" button), so nothing here is required. */
(() => {
  const { Controller } = window.StimulusModule;

  class CalendarController extends Controller {
    static targets = ['zone', 'list', 'placeholder', 'filters', 'remember'];

    static classes = ['dragging', 'over'];

    static values = { messages: Object, preferencesUrl: String };

    connect() {
      this.dragged = null;
      // Moves of one card are serialised: a second drop waits for the first request to
      // settle, so the server applies them in the order the editor made them and the last
      // drop wins. (Aborting the first fetch would not stop the server from applying it,
      // possibly after the second.) `confirmed` is where the server last agreed a card is.
      this.queues = new WeakMap();
      this.latest = new WeakMap();
      this.confirmed = new WeakMap();
      // Aborts requests still running when the calendar leaves the page.
      this.abortController = new AbortController();
    }

    disconnect() {
      this.abortController.abort();
    }

    // With the script, filters are remembered whenever applied: the button is not needed.
    rememberTargetConnected(form) {
      form.hidden = true;
    }

    /* Drag and drop, delegated from the container to the cards and the drop zones. */

    start(event) {
      const card = event.target.closest('[draggable="true"][data-move-url]');
      if (!card || !this.element.contains(card)) return;
      this.dragged = card;
      if (!this.confirmed.has(card)) this.confirmed.set(card, this.positionOf(card));
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', card.dataset.entryId);
      card.classList.add(...this.draggingClasses);
    }

    end() {
      if (this.dragged) this.dragged.classList.remove(...this.draggingClasses);
      this.dragged = null;
      this.zoneTargets.forEach((zone) => zone.classList.remove(...this.overClasses));
    }

    over(event) {
      const zone = this.zoneOf(event.target);
      if (!this.dragged || !zone) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      zone.classList.add(...this.overClasses);
    }

    leave(event) {
      const zone = this.zoneOf(event.target);
      if (zone && !zone.contains(event.relatedTarget)) {
        zone.classList.remove(...this.overClasses);
      }
    }

    drop(event) {
      const zone = this.zoneOf(event.target);
      const card = this.dragged;
      if (!zone || !card) return;
      event.preventDefault();
      this.end();
      const list = this.listTargets.find((target) => zone.contains(target));
      if (!list || list === card.parentElement) return;
      this.placeholderTargets
        .filter((placeholder) => list.contains(placeholder))
        .forEach((placeholder) => placeholder.remove());
      list.appendChild(card);
      const date = zone.dataset.date || '';
      const token = {};
      this.latest.set(card, token);
      const previous = this.queues.get(card) || Promise.resolve();
      const move = previous.then(() => this.move(card, date, list, token));
      this.queues.set(card, move);
    }

    async move(card, date, list, token) {
      card.setAttribute('aria-busy', 'true');
      try {
        let data = await this.post(card.dataset.moveUrl, { date });
        // A scheduled article moves with its entry only if the editor confirms.
        if (!data.ok && data.confirm && window.confirm(data.confirm)) {
          data = await this.post(card.dataset.moveUrl, { date, reschedule: 'on' });
        }
        if (!data.ok) throw new Error(data.error || this.messagesValue.failed);
        this.confirmed.set(card, { list, next: null });
        if (this.latest.get(card) === token) this.update(card, data.entry);
        this.announce(data.message || this.messagesValue.moved, false);
        this.dispatch('moved', { detail: { id: data.entry.id, date, entry: data.entry } });
      } catch (error) {
        if (error.name === 'AbortError') return;
        // Back where the server last agreed, unless a later drop has moved it since.
        if (this.latest.get(card) === token) this.restore(card);
        const message =
          error instanceof TypeError ? this.messagesValue.network : error.message;
        this.announce(message || this.messagesValue.failed, true);
      } finally {
        if (this.latest.get(card) === token) card.removeAttribute('aria-busy');
      }
    }

    async post(url, fields) {
      const body = new FormData();
      Object.entries(fields).forEach(([name, value]) => body.append(name, value));
      const { CSRF_HEADER_NAME, CSRF_TOKEN } = window.wagtailConfig;
      const response = await fetch(url, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { Accept: 'application/json', [CSRF_HEADER_NAME]: CSRF_TOKEN },
        signal: this.abortController.signal,
      });
      const data = await response.json().catch(() => ({}));
      return response.ok ? data : { ...data, ok: false };
    }

    update(card, entry) {
      const time = card.querySelector('[data-bp-time]');
      if (time) time.textContent = entry.time || '';
      const status = card.querySelector('[data-bp-status]');
      if (status) status.textContent = entry.statusLabel;
      // The server's escaped HTML of the card's line: flags, deliveries and editions
      // may change with the day (an edition's due day moves with its entry).
      const meta = card.querySelector('.bp-entry__meta');
      if (meta && typeof entry.metaHtml === 'string') meta.innerHTML = entry.metaHtml;
      if (entry.className) card.className = entry.className;
      card.dataset.date = entry.date || '';
    }

    restore(card) {
      const { list, next } = this.confirmed.get(card);
      list.insertBefore(card, next && next.parentElement === list ? next : null);
    }

    positionOf(card) {
      return { list: card.parentElement, next: card.nextElementSibling };
    }

    zoneOf(element) {
      return this.zoneTargets.find((zone) => zone.contains(element));
    }

    // Feedback goes to Wagtail's messages area at the top of the page (kept in sight by
    // calendar.css), where the editor looks for it, not to the foot of a long month.
    announce(message, isError) {
      this.dispatch('w-messages:add', {
        prefix: '',
        target: document,
        detail: { clear: true, text: message, type: isError ? 'error' : 'success' },
      });
    }

    /* Filters: remembered when applied or cleared, then the page loads as without script. */

    async applyFilters(event) {
      event.preventDefault();
      const form = event.currentTarget;
      await this.remember(new FormData(form));
      form.submit();
    }

    async clearFilters(event) {
      event.preventDefault();
      const { href } = event.currentTarget;
      await this.remember(new FormData());
      window.location.assign(href);
    }

    async remember(fields) {
      // Failing to remember must not stop the filters from applying.
      try {
        await this.post(this.preferencesUrlValue, Object.fromEntries(fields.entries()));
      } catch {
        /* the page still shows the filters asked for */
      }
    }
  }

  window.wagtail.app.register('bp-calendar', CalendarController);
})();
