// Checks for understanding on a lesson page: each form posts its answer and shows the server's
// verdict (right / not quite / nothing to ask about yet), read from the learner's own lesson
// cluster. Plain script beside the terminal bundle; every word comes from the page or server.
(function () {
  'use strict';

  // Server texts are short Markdown: show their `code` spans as code (text nodes only).
  function inline(node, text) {
    node.replaceChildren();
    String(text).split('`').forEach((part, i) => {
      if (!part) return;
      if (i % 2) {
        const code = document.createElement('code');
        code.textContent = part;
        node.appendChild(code);
      } else {
        node.appendChild(document.createTextNode(part));
      }
    });
  }

  function show(form, state, text) {
    const out = form.querySelector('.understanding-result');
    form.dataset.state = state;
    inline(out, text);
  }

  document.querySelectorAll('form[data-understanding]').forEach((form) => {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      show(form, 'checking', form.dataset.checking);
      try {
        const response = await fetch(form.action, {
          method: 'POST', body: new URLSearchParams(new FormData(form)),
          headers: { Accept: 'application/json' }, credentials: 'same-origin',
        });
        if (!response.ok) throw new Error(String(response.status));
        const verdict = await response.json();
        show(form, verdict.correct ? 'right' : 'wrong', verdict.message);
      } catch (error) {
        show(form, 'error', form.dataset.failed);
      } finally {
        button.disabled = false;
      }
    });
  });
})();
