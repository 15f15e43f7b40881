// kefu demo handsets page. Polls GET /api/phones every second and renders
// one card per handset. All text from the API is inserted with textContent
// (never innerHTML), so message contents cannot inject markup.
(function () {
  'use strict';

  var POLL_MS = 1000;
  var EXTRA_SUGGESTIONS = ['1065755501', '10086'];
  var GSM_CHARS = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
  var GSM_EXT_CHARS = '\f^{}\\[~]|€';
  var STATE_CLASS = {
    sending: 'st-sending', submitted: 'st-submitted', delivered: 'st-delivered',
    failed: 'st-failed', expired: 'st-expired'
  };

  var phonesEl = document.getElementById('phones');
  var tpl = document.getElementById('phone-tpl');
  var cards = {}; // number -> {root, inbox, outbox, ...}
  var lastRendered = {}; // key -> JSON of what was rendered
  var polling = false;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function pad(n) { return n < 10 ? '0' + n : '' + n; }

  function fmtTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return '';
    var now = new Date();
    var t = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
    if (d.toDateString() === now.toDateString()) return t;
    return pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + t;
  }

  // SMS count and encoding for the compose counter (mirrors codec.splitText).
  function smsInfo(text) {
    var gsm = true;
    var septets = 0;
    var units = 0;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (GSM_CHARS.indexOf(ch) >= 0) septets += 1;
      else if (GSM_EXT_CHARS.indexOf(ch) >= 0) septets += 2;
      else gsm = false;
      units += 1;
    }
    if (gsm) return { enc: 'GSM7', len: septets, parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
    return { enc: 'UCS-2', len: units, parts: units <= 70 ? 1 : Math.ceil(units / 67) };
  }

  function setConn(connected, link) {
    var c = document.getElementById('conn');
    c.textContent = connected ? '已连接' : '未连接';
    c.className = 'conn ' + (connected ? 'on' : 'off');
    var info = document.getElementById('link-info');
    info.textContent = link ? '短信中心 ' + link.smpp + ' · ' + link.system_id : '';
    var err = document.getElementById('link-error');
    if (!connected && link && link.last_error) {
      err.textContent = '连接问题：' + link.last_error;
      err.hidden = false;
    } else {
      err.hidden = true;
    }
  }

  function setOffline() {
    var c = document.getElementById('conn');
    c.textContent = '模拟器离线';
    c.className = 'conn off';
  }

  function messageItem(m, kind) {
    var li = el('li', 'msg');
    var head = el('div', 'msg-head');
    if (kind === 'in') {
      head.appendChild(el('span', 'peer', '来自 ' + m.from));
    } else if (kind === 'other') {
      head.appendChild(el('span', 'peer', m.from + ' → ' + m.to));
    } else {
      head.appendChild(el('span', 'peer', '发给 ' + m.to));
    }
    head.appendChild(el('time', 'when', fmtTime(kind === 'out' ? m.sent_at : m.received_at)));
    li.appendChild(head);
    li.appendChild(el('div', 'text', m.text));
    var foot = el('div', 'msg-foot');
    if (m.parts > 1) {
      foot.appendChild(el('span', 'badge', m.incomplete
        ? '长短信 ' + (m.received_parts || 0) + '/' + m.parts + ' 段（不完整）'
        : '长短信 ' + m.parts + ' 段'));
    }
    if (kind !== 'out' && m.data_coding !== undefined) {
      var enc = m.data_coding === 8 ? 'UCS-2' : m.data_coding === 0 ? 'GSM7' : 'DCS ' + m.data_coding;
      foot.appendChild(el('span', 'badge light', enc));
    }
    if (kind === 'out') {
      var st = el('span', 'status ' + (STATE_CLASS[m.state] || ''), m.status);
      if (m.error) st.title = m.error;
      foot.appendChild(st);
      if (m.message_ids && m.message_ids.length) {
        var ids = el('span', 'ids', 'ID ' + m.message_ids.join(', '));
        ids.title = m.message_ids.join('\n');
        foot.appendChild(ids);
      }
      if (m.error) foot.appendChild(el('span', 'err', m.error));
    }
    if (foot.childNodes.length) li.appendChild(foot);
    return li;
  }

  function renderList(key, ul, items, kind, emptyText) {
    var json = JSON.stringify(items);
    if (lastRendered[key] === json) return;
    lastRendered[key] = json;
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    if (!items.length) {
      ul.appendChild(el('li', 'empty', emptyText));
      return;
    }
    for (var i = 0; i < items.length; i++) ul.appendChild(messageItem(items[i], kind));
  }

  function updateCounter(card) {
    var text = card.text.value;
    if (!text) {
      card.counter.textContent = '';
      return;
    }
    var info = smsInfo(text);
    card.counter.textContent = info.enc + ' · ' + info.len + ' 字符 · ' + info.parts + ' 条短信';
  }

  function makeCard(number) {
    var root = tpl.content.firstElementChild.cloneNode(true);
    var card = {
      root: root,
      number: number,
      inbox: root.querySelector('.inbox'),
      outbox: root.querySelector('.outbox'),
      inboxCount: root.querySelector('.inbox-count'),
      outboxCount: root.querySelector('.outbox-count'),
      form: root.querySelector('form'),
      to: root.querySelector('input[name=to]'),
      text: root.querySelector('textarea[name=text]'),
      button: root.querySelector('button'),
      counter: root.querySelector('.counter'),
      msg: root.querySelector('.form-msg')
    };
    root.querySelector('.number').textContent = number;
    root.setAttribute('aria-label', '手机 ' + number);
    card.to.setAttribute('list', 'to-suggestions');
    card.text.addEventListener('input', function () { updateCounter(card); });
    card.form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      send(card);
    });
    return card;
  }

  function showFormMsg(card, text, ok) {
    card.msg.textContent = text;
    card.msg.className = 'form-msg ' + (ok ? 'ok' : 'bad');
  }

  function send(card) {
    var to = card.to.value.trim();
    var text = card.text.value;
    if (!/^\+?[0-9]{1,20}$/.test(to)) {
      showFormMsg(card, '请输入有效的收件人号码', false);
      return;
    }
    if (!text) {
      showFormMsg(card, '请输入内容', false);
      return;
    }
    card.button.disabled = true;
    showFormMsg(card, '发送中…', true);
    fetch('/api/send', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: card.number, to: to, text: text })
    }).then(function (r) {
      return r.json().catch(function () { return { error: 'HTTP ' + r.status }; }).then(function (body) {
        if (r.ok && body.ok) {
          showFormMsg(card, '已提交（' + (body.parts || 1) + ' 条）', true);
          card.text.value = '';
          updateCounter(card);
        } else {
          showFormMsg(card, body.error || ('发送失败（HTTP ' + r.status + '）'), false);
        }
      });
    }).catch(function () {
      showFormMsg(card, '无法连接到模拟器', false);
    }).then(function () {
      card.button.disabled = false;
      poll();
    });
  }

  function updateSuggestions(numbers) {
    var dl = document.getElementById('to-suggestions');
    var all = numbers.concat(EXTRA_SUGGESTIONS);
    var json = JSON.stringify(all);
    if (lastRendered.suggestions === json) return;
    lastRendered.suggestions = json;
    while (dl.firstChild) dl.removeChild(dl.firstChild);
    all.forEach(function (n) {
      var o = document.createElement('option');
      o.value = n;
      dl.appendChild(o);
    });
  }

  function render(data) {
    setConn(data.connected, data.link);
    var numbers = [];
    (data.phones || []).forEach(function (p) {
      numbers.push(p.number);
      var card = cards[p.number];
      if (!card) {
        card = cards[p.number] = makeCard(p.number);
        phonesEl.appendChild(card.root);
      }
      card.inboxCount.textContent = p.inbox.length;
      card.outboxCount.textContent = p.outbox.length;
      renderList('in:' + p.number, card.inbox, p.inbox, 'in', '暂无短信');
      renderList('out:' + p.number, card.outbox, p.outbox, 'out', '暂无已发短信');
    });
    updateSuggestions(numbers);
    var others = data.others || [];
    document.getElementById('others-count').textContent = others.length;
    renderList('others', document.getElementById('others'), others, 'other', '暂无');
  }

  function poll() {
    if (polling) return;
    polling = true;
    fetch('/api/phones', { cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      })
      .then(render)
      .catch(setOffline)
      .then(function () { polling = false; });
  }

  poll();
  setInterval(poll, POLL_MS);
})();
