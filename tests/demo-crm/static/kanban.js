// ДемоCRM kanban: drag a card to another column (HTML5 drag and drop) → POST /api/v1/leads/<id>/move, then update the DOM.
(function () {
  'use strict';
  var board = document.querySelector('.kanban');
  if (!board) return;
  var NBSP = '\u00A0';
  var dragged = null;

  // Same output as formatMoney in pages.ts: "1 250 000 ₽" with no-break spaces.
  function formatMoney(amount) {
    return String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP) + NBSP + '₽';
  }

  function plural(n, forms) {
    var m10 = n % 10, m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return forms[0];
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return forms[1];
    return forms[2];
  }

  function recount(column) {
    var cards = column.querySelectorAll('.lead-card');
    var sum = 0;
    cards.forEach(function (card) {
      var price = card.getAttribute('data-price');
      if (price) sum += Number(price);
    });
    var meta = column.querySelector('.kanban__column-meta');
    if (!meta) return;
    var count = meta.querySelector('.kanban__column-count');
    var total = meta.querySelector('.kanban__column-sum');
    if (count) count.textContent = String(cards.length);
    if (total) total.textContent = formatMoney(sum);
    // The word between count and sum: "1 сделка", "3 сделки", "7 сделок".
    if (count && count.nextSibling && count.nextSibling.nodeType === 3) {
      count.nextSibling.textContent = ' ' + plural(cards.length, ['сделка', 'сделки', 'сделок']) + ': ';
    }
  }

  function listAt(target) {
    return target instanceof Element ? target.closest('.kanban__cards') : null;
  }

  board.addEventListener('dragstart', function (e) {
    var card = e.target instanceof Element ? e.target.closest('.lead-card') : null;
    if (!card) return;
    dragged = card;
    card.classList.add('lead-card--dragging');
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', card.getAttribute('data-id'));
  });

  board.addEventListener('dragend', function () {
    if (dragged) dragged.classList.remove('lead-card--dragging');
    dragged = null;
    board.querySelectorAll('.kanban__cards--over').forEach(function (el) { el.classList.remove('kanban__cards--over'); });
  });

  board.addEventListener('dragover', function (e) {
    var list = listAt(e.target);
    if (!list) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    list.classList.add('kanban__cards--over');
  });

  board.addEventListener('dragleave', function (e) {
    var list = listAt(e.target);
    if (list && !list.contains(e.relatedTarget)) list.classList.remove('kanban__cards--over');
  });

  board.addEventListener('drop', function (e) {
    var list = listAt(e.target);
    if (!list) return;
    e.preventDefault();
    list.classList.remove('kanban__cards--over');
    var id = e.dataTransfer.getData('text/plain') || (dragged && dragged.getAttribute('data-id'));
    var card = id ? board.querySelector('.lead-card[data-id="' + CSS.escape(id) + '"]') : null;
    var toStage = list.getAttribute('data-stage-id');
    if (!card || !toStage || card.getAttribute('data-stage-id') === toStage) return;
    var fromColumn = card.closest('.kanban__column');
    var toColumn = list.closest('.kanban__column');

    fetch('/api/v1/leads/' + encodeURIComponent(id) + '/move', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ status_id: Number(toStage) }),
      credentials: 'same-origin',
    })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      })
      .then(function () {
        list.insertBefore(card, list.firstChild);
        card.setAttribute('data-stage-id', toStage);
        var days = card.querySelector('.lead-card__days');
        if (days) days.textContent = '0 дн.';
        var task = card.querySelector('.lead-card__task');
        if (task && toColumn && toColumn.getAttribute('data-stage-kind') !== 'open') task.remove();
        card.classList.remove('lead-card--moved');
        void card.offsetWidth;
        card.classList.add('lead-card--moved');
        if (fromColumn) recount(fromColumn);
        if (toColumn) recount(toColumn);
      })
      .catch(function (err) {
        if (window.demoCrmToast) window.demoCrmToast('Не удалось переместить сделку: ' + err.message, true);
      });
  });
})();
