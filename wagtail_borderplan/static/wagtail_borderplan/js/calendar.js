/* The editorial calendar's drag and drop: a Stimulus controller on Wagtail's admin app.
 * Dropping an entry on a day (or on the drawer) POSTs to its move URL with the CSRF
 * token; the card moves at once and goes back, with the server's message, if refused;
 * the outcome shows in Wagtail's messages.
 * Every action also has a plain link and form, so nothing here is required. */
(() => {
  const { Controller } = window.StimulusModule;

  class CalendarController extends Controller {
    static targets = ['day', 'drawer', 'entry'];

    static values = { config: String, csrf: String };

    connect() {
      const script = document.getElementById(this.configValue);
      this.config = script ? JSON.parse(script.textContent) : { messages: {} };
      this.dragged = null;
    }

    dragStart(event) {
      const card = event.target.closest('[data-entry-id]');
      if (!card) return;
      this.dragged = card;
      this.origin = card.parentElement;
      this.originNext = card.nextElementSibling;
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', card.dataset.entryId);
      card.classList.add('is-dragging');
    }

    dragEnd() {
      if (this.dragged) this.dragged.classList.remove('is-dragging');
      this.element
        .querySelectorAll('.is-over')
        .forEach((zone) => zone.classList.remove('is-over'));
    }

    dragOver(event) {
      if (!this.dragged) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      event.currentTarget.classList.add('is-over');
    }

    dragLeave(event) {
      if (!event.currentTarget.contains(event.relatedTarget)) {
        event.currentTarget.classList.remove('is-over');
      }
    }

    async drop(event) {
      event.preventDefault();
      const zone = event.currentTarget;
      zone.classList.remove('is-over');
      const card = this.dragged;
      this.dragged = null;
      if (!card) return;
      const list = zone.querySelector('[data-bp-calendar-list]');
      const { origin, originNext } = this;
      if (list === origin) return;
      list.querySelectorAll('.bp-cal__empty').forEach((empty) => empty.remove());
      list.appendChild(card);
      card.classList.remove('is-dragging');
      card.setAttribute('aria-busy', 'true');
      try {
        let data = await this.post(card.dataset.moveUrl, zone.dataset.date || '', false);
        // A scheduled article moves with its entry only if the editor confirms.
        if (!data.ok && data.confirm && window.confirm(data.confirm)) {
          data = await this.post(card.dataset.moveUrl, zone.dataset.date || '', true);
        }
        if (!data.ok) {
          throw new Error(data.error || this.config.messages.failed);
        }
        this.update(card, data.entry);
        this.announce(data.message || this.config.messages.moved, false);
      } catch (error) {
        origin.insertBefore(card, originNext);
        const message =
          error instanceof TypeError ? this.config.messages.network : error.message;
        this.announce(message || this.config.messages.failed, true);
      } finally {
        card.removeAttribute('aria-busy');
      }
    }

    async post(url, date, reschedule) {
      const body = new FormData();
      body.append('date', date);
      if (reschedule) body.append('reschedule', 'on');
      const response = await fetch(url, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-CSRFToken': this.csrfValue },
      });
      const data = await response.json().catch(() => ({}));
      return response.ok ? data : { ...data, ok: false };
    }

    update(card, entry) {
      const time = card.querySelector('[data-bp-time]');
      if (time) time.textContent = entry.time || '';
      const status = card.querySelector('[data-bp-status]');
      if (status) status.textContent = entry.statusLabel;
      card.dataset.date = entry.date || '';
    }

    // Feedback goes to Wagtail's messages area at the top of the page (kept in sight by
    // calendar.css), where the editor looks for it, not to the foot of a long month.
    announce(message, isError) {
      document.dispatchEvent(
        new CustomEvent('w-messages:add', {
          detail: { clear: true, text: message, type: isError ? 'error' : 'success' },
        }),
      );
    }
  }

  window.wagtail.app.register('bp-calendar', CalendarController);
})();
