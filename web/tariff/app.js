/* kefu tariff zone: the subscriber's page (/tariff/).
 *
 * Plain browser JS, no build step. Talks to kefud:
 *   GET  /api/v1/shop/items          public catalogue (plans, add-ons, promotions)
 *   POST /api/v1/self/code|login|logout
 *   GET  /api/v1/self/me|recommend   need the session cookie (HttpOnly, set by kefud)
 *   POST /api/v1/self/order|change|unsubscribe|cancel-change, PUT /api/v1/self/reminders
 * Every piece of server data is put into the page with textContent, never as HTML.
 */
'use strict';

(() => {
  const FAMILIES = [['', '全部'], ['5g', '5G'], ['4g', '4G'], ['youth', '动感地带'], ['senior', '关爱长辈'],
    ['datacard', '上网卡'], ['global', '全球通'], ['prepaid', '神州行'], ['family', '家庭']];
  const FAMILY_LABEL = Object.fromEntries(FAMILIES.slice(1));
  const FEE_CAPS = [['', '月费不限'], ['3000', '30元以内'], ['5000', '50元以内'], ['8000', '80元以内'],
    ['10000', '100元以内'], ['15000', '150元以内'], ['20000', '200元以内'], ['30000', '300元以内']];
  const ADDON_CATS = [['all', '全部'], ['data', '流量'], ['voice', '语音'], ['sms', '短信'], ['app', '定向流量'],
    ['roam', '国际漫游'], ['broadband', '宽带'], ['other', '其他']];
  const TABS = ['plans', 'promos', 'recommend', 'mine'];
  const NEED_LOGIN = new Set(['recommend', 'mine']);
  const PAGE = 20;
  const KB_PER_GB = 1024 * 1024;

  const state = {
    tab: null,
    me: null, // GET /self/me answer while logged in
    plans: { family: '', maxFee: '', q: '', items: [], total: 0, seq: 0, loaded: null },
    addons: { cat: 'all', q: '', items: null, shown: PAGE, seq: 0 },
    promos: null,
    packs: null, // 流量加油包 (A-LL-M*) for the quick order list
    chart: null,
    codeTimer: null,
    lastNumber: '', // prefilled when the session times out
    userNav: false, // the next hashchange comes from a tab click
  };

  const $ = (sel, root = document) => root.querySelector(sel);

  /* ------------------------------------------------------------ helpers */

  // h('div', {class: 'x', onclick: f}, child, 'text', [more]) -> element
  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid == null || kid === false) continue;
      el.append(kid instanceof Node ? kid : String(kid));
    }
    return el;
  }

  // fen -> "128", "18.5", "25.6", "0.29"
  function yuan(fen) {
    if (fen % 100 === 0) return String(fen / 100);
    return (fen / 100).toFixed(2).replace(/0$/, '');
  }
  const money = (fen) => (fen / 100).toFixed(2); // balances: always two decimals
  const trimNum = (x, d) => String(Number(x.toFixed(d)));

  function fmtKB(kb) {
    if (kb >= KB_PER_GB) return trimNum(kb / KB_PER_GB, 2) + 'GB';
    return trimNum(kb / 1024, kb < 10240 ? 1 : 0) + 'MB';
  }
  function fmtMB(mb) {
    return mb >= 1024 ? trimNum(mb / 1024, 1) + 'GB' : mb + 'MB';
  }
  const cycleLabel = (c) => String(c).replace(/^(\d{4})(\d{2})$/, '$1-$2');
  function nextCycleText(c) {
    let y = Math.floor(c / 100), m = (c % 100) + 1;
    if (m > 12) { m = 1; y++; }
    return `${y}年${m}月1日`;
  }
  // Dates are shown in the operator's time zone (China Standard Time).
  const dateFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
  const fmtDate = (ms) => dateFmt.format(new Date(ms));

  function requestId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().slice(0, 32);
    // crypto.randomUUID needs a secure context; getRandomValues does not
    const b = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }

  function validityText(it) {
    switch (it.validity) {
      case 'monthly': return '按月收费，次月自动续订';
      case 'cycle': return '立即生效，当月有效';
      case 'days': return `立即生效，${it.days || ''}天内有效`;
      case 'cycles': return `连续${it.cycles || ''}个月有效`;
      default: return '';
    }
  }

  function includeList(inc) {
    const li = [];
    if (inc.voice_min) li.push(['通话', inc.voice_min + '分钟']);
    if (inc.data_mb) li.push(['流量', fmtMB(inc.data_mb)]);
    if (inc.sms) li.push(['短信', inc.sms + '条']);
    return li;
  }

  /* ---------------------------------------------------------------- api */

  async function api(method, path, body) {
    const opt = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) {
      opt.headers['Content-Type'] = 'application/json';
      opt.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, opt);
    } catch (e) {
      return { status: 0, data: { error: '网络连接失败，请检查网络后重试' } };
    }
    let data = {};
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    return { status: res.status, data: data || {} };
  }

  const msgOf = (r) => r.data.text || r.data.error || `系统繁忙，请稍后再试（${r.status}）`;

  // A self-service call: 401 means the session is gone -> show the login form.
  async function selfApi(method, path, body) {
    const r = await api(method, '/api/v1/self/' + path, body);
    if (r.status === 401) {
      setLoggedOut();
      openLogin(msgOf(r));
      return null;
    }
    return r;
  }

  function shopUrl(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== '' && v != null) q.set(k, v);
    return '/api/v1/shop/items?' + q.toString();
  }

  /* ------------------------------------------------------- toast, confirm */

  let toastTimer = null;
  function toast(text, kind = 'info') {
    const t = $('#toast');
    t.textContent = text;
    t.className = 'toast ' + kind;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, kind === 'err' ? 8000 : 6000);
  }

  function confirmBox(title, body, yes = '确认') {
    const d = $('#confirm-dialog');
    $('#confirm-title').textContent = title;
    $('#confirm-body').textContent = body;
    $('#confirm-yes').textContent = yes;
    return new Promise((resolve) => {
      const done = (v) => {
        $('#confirm-yes').onclick = $('#confirm-no').onclick = d.oncancel = null;
        if (d.open) d.close();
        resolve(v);
      };
      $('#confirm-yes').onclick = () => done(true);
      $('#confirm-no').onclick = () => done(false);
      d.oncancel = (e) => { e.preventDefault(); done(false); };
      d.showModal();
      $('#confirm-yes').focus();
    });
  }

  /* ---------------------------------------------------------- operations */

  const OPS = {
    order: (it) => ['确认办理', `确认办理「${it.name}」？资费${yuan(it.fee_fen)}元，${validityText(it)}。`, { item_id: it.id }, '确认办理'],
    change: (it) => ['确认变更套餐', `确认将套餐变更为「${it.name}」（${yuan(it.fee_fen)}元/月）？新套餐将于下月1日生效，本月仍按原套餐计费。`, { plan_id: it.id }, '确认变更'],
    unsubscribe: (it) => ['确认退订', `确认退订「${it.name}」？`, { item_id: it.id }, '确认退订'],
    'cancel-change': (it) => ['取消套餐变更', `确认取消变更为「${it.name}」的申请？`, {}, '确认取消'],
  };

  // Runs one operation (after the subscriber confirms) and shows the server's text.
  async function operate(kind, it, button) {
    if (!state.me) {
      openLogin('请先登录后再办理业务');
      return;
    }
    const [title, body, payload, yes] = OPS[kind](it);
    if (!(await confirmBox(title, body, yes))) return;
    if (button) button.disabled = true;
    try {
      const r = await selfApi('POST', kind, Object.assign({ request_id: requestId() }, payload));
      if (!r) return;
      toast(msgOf(r), r.data.ok ? 'ok' : 'err');
      if (r.data.ok) await refreshAfterOp();
    } finally {
      if (button && button.isConnected) button.disabled = false;
    }
  }

  // After a change: reload my account; the current tab shows the new state.
  async function refreshAfterOp() {
    await loadMe();
    if (state.tab === 'mine' && state.me) renderMine();
    else renderTab(state.tab, false);
  }

  /* ---------------------------------------------------------- login */

  function renderAccount() {
    const box = $('#account');
    box.replaceChildren();
    if (state.me) {
      box.append(h('span', { class: 'who', text: state.me.number }),
        h('button', { type: 'button', class: 'btn link', onclick: logout }, '退出'));
    } else {
      box.append(h('button', { type: 'button', class: 'btn small', onclick: () => openLogin('') }, '登录'));
    }
  }

  function setLoggedOut() {
    state.me = null;
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    renderAccount();
  }

  function openLogin(msg) {
    const d = $('#login-dialog');
    const m = $('#login-msg');
    m.textContent = msg || '';
    m.className = 'dlg-msg' + (msg ? ' err' : '');
    if (!$('#login-number').value && state.lastNumber) $('#login-number').value = state.lastNumber;
    if (!d.open) d.showModal();
    ($('#login-number').value ? $('#login-code') : $('#login-number')).focus();
  }

  function loginMsg(text, kind) {
    const m = $('#login-msg');
    m.textContent = text;
    m.className = 'dlg-msg ' + (kind || '');
    m.setAttribute('role', kind === 'err' ? 'alert' : 'status');
  }

  function codeCountdown(ms) {
    const b = $('#send-code');
    clearInterval(state.codeTimer);
    const end = Date.now() + ms;
    const tick = () => {
      const s = Math.ceil((end - Date.now()) / 1000);
      if (s <= 0) {
        clearInterval(state.codeTimer);
        b.disabled = false;
        b.textContent = '获取验证码';
        return;
      }
      b.disabled = true;
      b.textContent = `重新获取(${s}秒)`;
    };
    tick();
    state.codeTimer = setInterval(tick, 1000);
  }

  const validNumber = (n) => /^1\d{10}$/.test(n);

  async function sendCode() {
    const number = $('#login-number').value.trim();
    if (!validNumber(number)) {
      loginMsg('请输入正确的11位手机号码', 'err');
      $('#login-number').focus();
      return;
    }
    const b = $('#send-code');
    b.disabled = true;
    const r = await api('POST', '/api/v1/self/code', { number });
    if (r.status === 200) {
      loginMsg(msgOf(r), 'ok');
      codeCountdown(60000);
      $('#login-code').focus();
    } else if (r.status === 429) {
      loginMsg(msgOf(r), 'err');
      codeCountdown(Number(r.data.retry_after_ms) || 60000);
    } else {
      loginMsg(msgOf(r), 'err');
      b.disabled = false;
    }
  }

  async function login(e) {
    e.preventDefault();
    const number = $('#login-number').value.trim();
    const code = $('#login-code').value.trim();
    if (!validNumber(number)) { loginMsg('请输入正确的11位手机号码', 'err'); return; }
    if (!/^\d{6}$/.test(code)) { loginMsg('请输入6位数字验证码', 'err'); $('#login-code').focus(); return; }
    const b = $('#login-submit');
    b.disabled = true;
    try {
      const r = await api('POST', '/api/v1/self/login', { number, code });
      if (r.status !== 200) {
        loginMsg(msgOf(r), 'err');
        $('#login-code').select();
        return;
      }
      state.lastNumber = number;
      $('#login-code').value = '';
      loginMsg('', '');
      $('#login-dialog').close();
      await loadMe();
      toast('登录成功', 'ok');
      renderTab(state.tab, false);
    } finally {
      b.disabled = false;
    }
  }

  async function logout() {
    await api('POST', '/api/v1/self/logout', {});
    setLoggedOut();
    toast('您已安全退出', 'info');
    renderTab(state.tab, false);
  }

  async function loadMe() {
    const r = await api('GET', '/api/v1/self/me');
    if (r.status === 200) state.me = r.data;
    else if (r.status === 401) state.me = null;
    else toast(msgOf(r), 'err');
    renderAccount();
    return state.me;
  }

  /* ---------------------------------------------------------- tabs */

  function showTab(tab, fromUser) {
    if (!TABS.includes(tab)) tab = 'plans';
    state.tab = tab;
    for (const b of document.querySelectorAll('.tabs button')) {
      const on = b.dataset.tab === tab;
      b.classList.toggle('on', on);
      if (on) b.setAttribute('aria-current', 'page'); else b.removeAttribute('aria-current');
    }
    for (const t of TABS) $('#' + t).hidden = t !== tab;
    renderTab(tab, fromUser);
  }

  function renderTab(tab, fromUser) {
    if (tab === 'plans') loadPlans(false);
    else if (tab === 'promos') loadPromos();
    else if (NEED_LOGIN.has(tab)) {
      if (!state.me) {
        renderLoginNeeded(tab);
        if (fromUser) openLogin('');
      } else if (tab === 'recommend') loadRecommend();
      else loadMine();
    }
  }

  function renderLoginNeeded(tab) {
    const box = tab === 'mine' ? $('#mine-body') : $('#recommend-body');
    if (tab === 'mine' && state.chart) { state.chart.destroy(); state.chart = null; }
    box.replaceChildren(h('div', { class: 'card empty' },
      h('p', { text: tab === 'mine' ? '登录后可查看余额、套餐用量和已订业务。' : '登录后，我们将根据您的实际用量为您推荐更合适的套餐。' }),
      h('button', { type: 'button', class: 'btn primary', onclick: () => openLogin('') }, '立即登录')));
  }

  /* ---------------------------------------------------------- 产品套餐 */

  function familyBadge(f) {
    return FAMILY_LABEL[f] ? h('span', { class: 'family fam-' + f, text: FAMILY_LABEL[f] }) : null;
  }

  function planCard(it) {
    const cur = state.me && state.me.plan && state.me.plan.id === it.id;
    const pend = state.me && state.me.pending_plan && state.me.pending_plan.id === it.id;
    let action;
    if (cur) action = h('button', { type: 'button', class: 'btn', disabled: true }, '当前套餐');
    else if (pend) action = h('button', { type: 'button', class: 'btn', disabled: true }, '已申请变更');
    else {
      action = h('button', { type: 'button', class: 'btn primary', onclick: (e) => operate('change', it, e.currentTarget) },
        '变更为此套餐');
    }
    return h('li', { class: 'card item-card', 'data-id': it.id, 'data-family': it.family },
      h('div', { class: 'badges' }, familyBadge(it.family),
        it.contract_months ? h('span', { class: 'tag', text: `合约${it.contract_months}个月` }) : null,
        it.first_month === 'free' ? h('span', { class: 'tag', text: '首月免费' }) : null),
      h('div', { class: 'head' }, h('h3', { class: 'name', text: it.name }),
        h('p', { class: 'price' }, h('strong', { text: yuan(it.fee_fen) }), '元/月')),
      includeBlock(it.include),
      h('p', { class: 'desc', text: it.desc }),
      h('div', { class: 'actions' }, action));
  }

  function includeBlock(inc) {
    const li = includeList(inc);
    if (!li.length) return h('p', { class: 'incl none', text: '套餐内不含通话、流量和短信，按量计费' });
    return h('dl', { class: 'incl' }, li.map(([k, v]) => h('div', null, h('dt', { text: k }), h('dd', { text: v }))));
  }

  async function loadPlans(append) {
    const p = state.plans;
    const seq = ++p.seq;
    const offset = append ? p.items.length : 0;
    if (!append && p.items.length && p.loaded === planKey()) { renderPlans(); return; }
    $('#plan-count').textContent = '正在加载…';
    const r = await api('GET', shopUrl({ kind: 'plan', family: p.family, q: p.q, max_fee: p.maxFee, offset, limit: PAGE }));
    if (seq !== p.seq) return; // a newer filter won
    if (r.status !== 200) {
      $('#plan-count').textContent = msgOf(r);
      return;
    }
    p.items = append ? p.items.concat(r.data.items) : r.data.items;
    p.total = r.data.total;
    p.loaded = planKey();
    renderPlans();
  }
  const planKey = () => [state.plans.family, state.plans.maxFee, state.plans.q].join('|');

  function renderPlans() {
    const p = state.plans;
    $('#plan-count').textContent = p.total ? `共 ${p.total} 个套餐` : '没有符合条件的套餐，请调整筛选条件';
    $('#plan-list').replaceChildren(...p.items.map(planCard));
    const more = $('#plan-more');
    more.hidden = p.items.length >= p.total;
    more.textContent = `加载更多（${p.items.length}/${p.total}）`;
  }

  function setupPlanFilters() {
    const chips = $('#family-chips');
    for (const [v, label] of FAMILIES) {
      chips.append(h('button', { type: 'button', class: 'chip', 'data-v': v, 'aria-pressed': v === '' ? 'true' : 'false',
        onclick: () => {
          state.plans.family = v;
          for (const c of chips.children) c.setAttribute('aria-pressed', c.dataset.v === v ? 'true' : 'false');
          loadPlans(false);
        } }, label));
    }
    const sel = $('#max-fee');
    for (const [v, label] of FEE_CAPS) sel.append(h('option', { value: v }, label));
    sel.addEventListener('change', () => { state.plans.maxFee = sel.value; loadPlans(false); });
    let t = null;
    $('#plan-q').addEventListener('input', (e) => {
      clearTimeout(t);
      t = setTimeout(() => { state.plans.q = e.target.value.trim(); loadPlans(false); }, 300);
    });
    $('#plan-more').addEventListener('click', () => loadPlans(true));
  }

  /* ---------------------------------------------------------- 优惠促销 */

  function addonCat(it) {
    const n = it.name;
    if (/漫游/.test(n)) return 'roam';
    if (/定向/.test(n)) return 'app';
    if (/宽带/.test(n)) return 'broadband';
    if (it.include.data_mb > 0 || /流量/.test(n)) return 'data';
    if (it.include.voice_min > 0 || /语音|通话/.test(n)) return 'voice';
    if (it.include.sms > 0 || /短信/.test(n)) return 'sms';
    return 'other';
  }

  function orderButton(it, label = '立即办理') {
    return h('button', { type: 'button', class: 'btn primary', onclick: (e) => operate('order', it, e.currentTarget) }, label);
  }

  function promoCard(it) {
    const perks = [];
    if (it.discount_pct) perks.push(h('span', { class: 'perk', text: `月费${trimNum((100 - it.discount_pct) / 10, 1)}折` }));
    for (const [k, v] of includeList(it.include)) perks.push(h('span', { class: 'perk', text: `每月加送${k}${v}` }));
    return h('li', { class: 'card item-card promo', 'data-id': it.id },
      h('div', { class: 'badges' }, perks, it.cycles ? h('span', { class: 'tag', text: `${it.cycles}个月` }) : null),
      h('h3', { class: 'name', text: it.name }),
      h('p', { class: 'desc', text: it.desc }),
      it.valid_to_ms ? h('p', { class: 'meta', text: `活动截止：${fmtDate(it.valid_to_ms - 1)}` }) : null,
      h('div', { class: 'actions' }, orderButton(it)));
  }

  function addonCard(it) {
    return h('li', { class: 'card item-card addon', 'data-id': it.id },
      h('div', { class: 'head' }, h('h3', { class: 'name', text: it.name }),
        h('p', { class: 'price' }, h('strong', { text: yuan(it.fee_fen) }), it.validity === 'monthly' ? '元/月' : '元')),
      h('p', { class: 'meta', text: validityText(it) }),
      h('p', { class: 'desc', text: it.desc }),
      h('div', { class: 'actions' }, orderButton(it)));
  }

  async function loadPromos() {
    if (!state.promos) {
      $('#promo-list').replaceChildren(h('li', { class: 'loading', text: '正在加载…' }));
      const r = await api('GET', shopUrl({ kind: 'promo', limit: 100 }));
      if (r.status !== 200) {
        $('#promo-list').replaceChildren(h('li', { class: 'loading', text: msgOf(r) }));
      } else {
        state.promos = r.data.items;
        renderPromos(false);
      }
    }
    if (!state.addons.items) await loadAddons();
  }

  // A phone shows a few promotions first; the rest on request.
  function renderPromos(all) {
    const list = state.promos;
    const shown = all ? list : list.slice(0, 4);
    $('#promo-list').replaceChildren(...shown.map(promoCard));
    if (!list.length) $('#promo-list').append(h('li', { class: 'loading', text: '暂无优惠活动' }));
    const more = $('#promo-more');
    more.hidden = shown.length >= list.length;
    more.textContent = `查看全部优惠（${list.length}）`;
  }

  async function loadAddons() {
    const a = state.addons;
    const seq = ++a.seq;
    $('#addon-count').textContent = '正在加载…';
    const r = await api('GET', shopUrl({ kind: 'addon', q: a.q, limit: 500 }));
    if (seq !== a.seq) return;
    if (r.status !== 200) { $('#addon-count').textContent = msgOf(r); return; }
    a.items = r.data.items;
    a.shown = PAGE;
    renderAddons();
  }

  function renderAddons() {
    const a = state.addons;
    const list = a.items.filter((it) => a.cat === 'all' || addonCat(it) === a.cat);
    $('#addon-count').textContent = list.length ? `共 ${list.length} 个加装包` : '没有符合条件的加装包';
    $('#addon-list').replaceChildren(...list.slice(0, a.shown).map(addonCard));
    const more = $('#addon-more');
    more.hidden = a.shown >= list.length;
    more.textContent = `加载更多（${Math.min(a.shown, list.length)}/${list.length}）`;
  }

  function setupAddonFilters() {
    const chips = $('#addon-chips');
    for (const [v, label] of ADDON_CATS) {
      chips.append(h('button', { type: 'button', class: 'chip', 'data-v': v, 'aria-pressed': v === 'all' ? 'true' : 'false',
        onclick: () => {
          state.addons.cat = v;
          state.addons.shown = PAGE;
          for (const c of chips.children) c.setAttribute('aria-pressed', c.dataset.v === v ? 'true' : 'false');
          if (state.addons.items) renderAddons();
        } }, label));
    }
    let t = null;
    $('#addon-q').addEventListener('input', (e) => {
      clearTimeout(t);
      t = setTimeout(() => { state.addons.q = e.target.value.trim(); loadAddons(); }, 300);
    });
    $('#addon-more').addEventListener('click', () => { state.addons.shown += PAGE; renderAddons(); });
    $('#promo-more').addEventListener('click', () => renderPromos(true));
  }

  /* ---------------------------------------------------------- 套餐推荐 */

  async function loadRecommend() {
    const box = $('#recommend-body');
    box.replaceChildren(h('p', { class: 'loading', text: '正在根据您的用量测算…' }));
    const r = await selfApi('GET', 'recommend');
    if (!r) return;
    if (r.status !== 200) { box.replaceChildren(h('p', { class: 'loading', text: msgOf(r) })); return; }
    const plans = r.data.plans || [];
    if (!plans.length) {
      box.replaceChildren(h('div', { class: 'card empty' }, h('p', { text: '暂无更合适的套餐，您当前的套餐已经很适合您的用量。' })));
      return;
    }
    box.replaceChildren(h('ul', { class: 'grid', 'aria-label': '推荐套餐列表' }, plans.map(recCard)));
  }

  function recCard(rec) {
    const it = rec.plan;
    const cur = state.me && state.me.plan && state.me.plan.id === it.id;
    const pend = state.me && state.me.pending_plan && state.me.pending_plan.id === it.id;
    return h('li', { class: 'card item-card rec', 'data-id': it.id },
      h('div', { class: 'badges' }, familyBadge(it.family),
        rec.covers ? h('span', { class: 'tag good', text: '用量全覆盖' }) : null),
      h('div', { class: 'head' }, h('h3', { class: 'name', text: it.name }),
        h('p', { class: 'price' }, h('strong', { text: yuan(it.fee_fen) }), '元/月')),
      rec.saving_fen > 0
        ? h('p', { class: 'saving', text: `每月预计可省${yuan(rec.saving_fen)}元` })
        : h('p', { class: 'saving none', text: '与当前月均费用相当' }),
      h('p', { class: 'reason', text: rec.reason }),
      h('p', { class: 'meta', text: `按此套餐测算月均 ${yuan(rec.mean_fen)} 元` +
        (rec.cost_fen && rec.cost_fen.length ? `（近3个月：${rec.cost_fen.map(yuan).join(' / ')} 元）` : '') }),
      includeBlock(it.include),
      h('div', { class: 'actions' }, cur || pend
        ? h('button', { type: 'button', class: 'btn', disabled: true }, cur ? '当前套餐' : '已申请变更')
        : h('button', { type: 'button', class: 'btn primary', onclick: (e) => operate('change', it, e.currentTarget) }, '办理')));
  }

  /* ---------------------------------------------------------- 我的套餐 */

  async function loadMine() {
    const [me] = await Promise.all([refreshMeView(), loadPacks()]);
    if (me && state.tab === 'mine') renderMine();
  }

  async function refreshMeView() {
    const r = await selfApi('GET', 'me');
    if (!r) return null;
    if (r.status !== 200) { toast(msgOf(r), 'err'); return null; }
    state.me = r.data;
    renderAccount();
    return state.me;
  }

  async function loadPacks() {
    if (state.packs) return state.packs;
    const r = await api('GET', shopUrl({ kind: 'addon', q: '流量加油包', limit: 100 }));
    if (r.status === 200) state.packs = r.data.items.filter((it) => it.id.startsWith('A-LL-M'));
    return state.packs;
  }

  function card(title, id, ...kids) {
    return h('section', { class: 'card mine-card', 'aria-labelledby': id },
      h('h3', { class: 'card-title', id, text: title }), kids);
  }

  function usageBar(label, used, incl, fmt) {
    if (!incl) {
      return h('div', { class: 'usage' },
        h('div', { class: 'usage-head' }, h('span', { text: label }), h('span', { class: 'muted', text: `已用 ${fmt(used)}（套餐外按量计费）` })));
    }
    const pct = Math.min(100, Math.round((used / incl) * 100));
    const left = Math.max(0, incl - used);
    return h('div', { class: 'usage' },
      h('div', { class: 'usage-head' }, h('span', { text: label }),
        h('span', null, h('b', { text: fmt(used) }), ` / ${fmt(incl)}`)),
      h('div', { class: 'bar' + (pct >= 100 ? ' over' : pct >= 80 ? ' warn' : ''), role: 'progressbar', 'aria-label': label,
        'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': pct, 'aria-valuetext': `已用${pct}%` },
      h('span', { style: `width:${pct}%` })),
      h('p', { class: 'muted small', text: used > incl ? `已超出 ${fmt(used - incl)}` : `剩余 ${fmt(left)}` }));
  }

  function renderMine() {
    const me = state.me;
    const box = $('#mine-body');
    const c = me.cycle;
    const status = { active: '正常', suspended: '停机', closed: '已销户' }[me.status] || me.status;

    const account = h('section', { class: 'card hero', 'aria-label': '账户信息' },
      h('div', { class: 'hero-id' },
        h('p', { class: 'number', text: me.number }),
        h('p', { class: 'muted', text: `${me.name} · ${status}` })),
      h('div', { class: 'hero-nums' },
        h('div', null, h('span', { class: 'muted', text: '账户余额（元）' }), h('strong', { class: me.balance_fen < 0 ? 'neg' : '', text: money(me.balance_fen) })),
        h('div', null, h('span', { class: 'muted', text: '本月费用（元）' }), h('strong', { text: money(c.spend_fen) }))));

    const plan = me.plan;
    const planCardEl = card('当前套餐', 'mine-plan-h',
      plan ? h('div', { class: 'cur-plan' },
        h('p', { class: 'name', text: plan.name }),
        h('p', { class: 'price' }, h('strong', { text: yuan(plan.fee_fen) }), '元/月'),
        includeBlock(plan.include)) : h('p', { class: 'muted', text: '暂无套餐信息' }),
      me.pending_plan ? h('div', { class: 'pending' },
        h('p', { text: `已申请变更为「${me.pending_plan.name}」，将于${nextCycleText(c.cycle)}生效。` }),
        h('button', { type: 'button', class: 'btn', onclick: (e) => operate('cancel-change', me.pending_plan, e.currentTarget) }, '取消变更'))
        : h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn ghost', onclick: () => { location.hash = '#plans'; } }, '浏览其他套餐')));

    const usage = card(`本月用量（${cycleLabel(c.cycle)}）`, 'mine-usage-h',
      usageBar('流量', c.used.data_kb, c.included.data_kb, fmtKB),
      usageBar('通话', c.used.voice_min, c.included.voice_min, (v) => v + '分钟'),
      usageBar('短信', c.used.sms, c.included.sms, (v) => v + '条'),
      c.overage_fen ? h('p', { class: 'muted small', text: `本月套餐外费用 ${yuan(c.overage_fen)} 元` }) : null);

    const chartBox = h('div', { class: 'chart', role: 'img', 'aria-label': '近几个月流量与消费' });
    const hist = me.history || [];
    const chart = card('近几个月用量', 'mine-chart-h', chartBox,
      h('table', { class: 'sr-only' }, h('caption', { text: '每月流量与消费' }),
        h('tr', null, h('th', { text: '账期' }), h('th', { text: '流量' }), h('th', { text: '消费' })),
        hist.map((x) => h('tr', null, h('td', { text: cycleLabel(x.cycle) }), h('td', { text: fmtKB(x.used.data_kb) }),
          h('td', { text: yuan(x.spend_fen) + '元' })))));

    const items = card('已订业务', 'mine-items-h', myItems(me.items || []));
    const packs = card('流量加油包', 'mine-packs-h',
      h('p', { class: 'muted small', text: '立即生效，当月有效，可多次办理' }),
      state.packs && state.packs.length
        ? h('ul', { class: 'rows', 'aria-label': '流量加油包列表' }, state.packs.map((it) => h('li', { class: 'row', 'data-id': it.id },
          h('div', { class: 'row-main' }, h('span', { class: 'row-name', text: it.name.replace(/（当月有效）$/, '') }),
            h('span', { class: 'muted small', text: `${yuan(it.fee_fen)}元` })),
          orderButton(it))))
        : h('p', { class: 'muted', text: '暂无可办理的流量加油包' }));
    const reminders = card('提醒设置', 'mine-remind-h', reminderForm(me.reminders));

    box.replaceChildren(account, h('div', { class: 'mine-grid' }, planCardEl, usage, chart, items, packs, reminders));
    drawChart(chartBox, hist);
  }

  function myItems(list) {
    if (!list.length) return h('p', { class: 'muted', text: '您暂未订购加装包或增值业务' });
    const channel = { web: '网上营业厅', sms: '短信', api: '营业厅', system: '系统', robot: '智能客服' };
    return h('ul', { class: 'rows', 'aria-label': '已订业务列表' }, list.map((x) => {
      const it = x.item;
      const once = it && (it.validity === 'cycle' || it.validity === 'days');
      const active = x.state === 'active';
      let when = `${fmtDate(x.start_ms)} 办理`;
      if (channel[x.channel]) when += `（${channel[x.channel]}）`;
      if (!active) when = `已退订，${x.end_ms ? fmtDate(x.end_ms - 1) + ' 后' : ''}失效`;
      else if (x.end_ms) when += `，有效期至 ${fmtDate(x.end_ms - 1)}`;
      return h('li', { class: 'row', 'data-id': x.item_id },
        h('div', { class: 'row-main' },
          h('span', { class: 'row-name', text: x.name }),
          h('span', { class: 'muted small', text: (it ? (it.fee_fen ? `${yuan(it.fee_fen)}元${it.validity === 'monthly' ? '/月' : ''} · ` : '免费 · ') : '') + when })),
        active && !once
          ? h('button', { type: 'button', class: 'btn ghost', onclick: (e) => operate('unsubscribe', { id: x.item_id, name: x.name }, e.currentTarget) }, '退订')
          : h('span', { class: 'state ' + (active ? 'on' : 'off'), text: active ? '生效中' : '已退订' }));
    }));
  }

  function reminderForm(rm) {
    rm = rm || {};
    const sw = (name, label, hint, on) => h('label', { class: 'switch' },
      h('input', { type: 'checkbox', role: 'switch', name, checked: !!on }),
      h('span', { class: 'knob', 'aria-hidden': 'true' }),
      h('span', { class: 'sw-text' }, h('span', { text: label }), h('small', { class: 'muted', text: hint })));
    const limit = h('input', { type: 'number', name: 'limit', min: 1, max: 100000, step: 1, inputmode: 'numeric',
      'aria-label': '消费提醒额度（元）', value: rm.spend_limit_fen ? yuan(rm.spend_limit_fen) : '' });
    const form = h('form', { class: 'remind', novalidate: true },
      sw('data', '流量提醒', '套餐流量用到50%、80%、100%时短信提醒', rm.data),
      sw('balance', '余额提醒', '账户余额不足时短信提醒', rm.balance),
      sw('spend', '消费提醒', '本月消费达到设定额度时短信提醒', rm.spend),
      h('div', { class: 'limit-row' }, h('span', { text: '提醒额度' }), limit, h('span', { text: '元' })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, '保存设置')));
    const spendBox = form.elements.spend;
    const sync = () => { limit.disabled = !spendBox.checked; };
    spendBox.addEventListener('change', () => { sync(); if (spendBox.checked && !limit.value) limit.focus(); });
    sync();
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = form.elements;
      let lim = 0;
      if (f.spend.checked) {
        const v = Number(f.limit.value);
        if (!(v > 0 && v <= 100000)) { toast('请输入1至100000元之间的消费提醒额度', 'err'); f.limit.focus(); return; }
        lim = Math.round(v * 100);
      }
      const btn = form.querySelector('button[type=submit]');
      btn.disabled = true;
      try {
        const r = await selfApi('PUT', 'reminders', { data: f.data.checked, balance: f.balance.checked, spend_limit_fen: lim });
        if (!r) return;
        if (r.status === 200) { toast('提醒设置已保存', 'ok'); await refreshAfterOp(); } else toast(msgOf(r), 'err');
      } finally {
        if (btn.isConnected) btn.disabled = false;
      }
    });
    return form;
  }

  function drawChart(box, hist) {
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    if (!hist.length) { box.append(h('p', { class: 'muted', text: '暂无历史用量' })); return; }
    if (!window.uPlot) { box.append(h('p', { class: 'muted', text: '图表组件加载失败' })); return; }
    const labels = hist.map((x) => cycleLabel(x.cycle));
    const xs = hist.map((_, i) => i);
    const gb = hist.map((x) => Number((x.used.data_kb / KB_PER_GB).toFixed(2)));
    const spend = hist.map((x) => x.spend_fen / 100);
    const font = '12px system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif';
    const axis = { font, stroke: '#5b6675', ticks: { show: false }, grid: { stroke: '#eef1f5', width: 1 } };
    const opts = {
      width: Math.max(240, box.clientWidth || 300),
      height: 220,
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
      legend: { show: true, live: true },
      scales: {
        x: { time: false, range: () => [-0.5, xs.length - 0.5] },
        gb: { range: (u, lo, hi) => [0, Math.max(1, Math.ceil(hi * 1.25))] },
        yuan: { range: (u, lo, hi) => [0, Math.max(10, Math.ceil((hi * 1.25) / 10) * 10)] },
      },
      axes: [
        Object.assign({}, axis, { splits: () => xs, values: (u, sp) => sp.map((i) => labels[i] || ''), grid: { show: false } }),
        Object.assign({}, axis, { scale: 'gb', size: 46, values: (u, sp) => sp.map((v) => trimNum(v, 1) + 'G') }),
        Object.assign({}, axis, { scale: 'yuan', side: 1, size: 52, grid: { show: false }, values: (u, sp) => sp.map((v) => v + '元') }),
      ],
      series: [
        { label: '账期', value: (u, v) => (v == null ? '--' : labels[v] || '--') },
        { label: '流量', scale: 'gb', fill: 'rgba(0,114,198,0.55)', stroke: '#0072c6', width: 1,
          paths: uPlot.paths.bars({ size: [0.5, 56] }), points: { show: false },
          value: (u, v) => (v == null ? '--' : v.toFixed(2) + 'GB') },
        { label: '消费', scale: 'yuan', stroke: '#f08c00', width: 2, points: { show: true, size: 7, fill: '#fff' },
          value: (u, v) => (v == null ? '--' : v.toFixed(2) + '元') },
      ],
    };
    state.chart = new uPlot(opts, [xs, gb, spend], box);
  }

  function resizeChart() {
    const u = state.chart;
    if (!u) return;
    const box = u.root.parentElement;
    if (box && box.clientWidth) u.setSize({ width: box.clientWidth, height: 220 });
  }

  /* ---------------------------------------------------------- start */

  function start() {
    setupPlanFilters();
    setupAddonFilters();
    for (const b of document.querySelectorAll('.tabs button')) {
      b.addEventListener('click', () => {
        if (location.hash === '#' + b.dataset.tab) showTab(b.dataset.tab, true);
        else { state.userNav = true; location.hash = '#' + b.dataset.tab; }
      });
    }
    window.addEventListener('hashchange', () => {
      const user = !!state.userNav;
      state.userNav = false;
      showTab(location.hash.slice(1), user);
      window.scrollTo(0, 0);
    });
    $('#send-code').addEventListener('click', sendCode);
    $('#login-form').addEventListener('submit', login);
    $('#login-cancel').addEventListener('click', () => $('#login-dialog').close());
    $('#login-number').addEventListener('input', (e) => { e.target.value = e.target.value.replace(/\D/g, ''); });
    $('#login-code').addEventListener('input', (e) => { e.target.value = e.target.value.replace(/\D/g, ''); });
    $('#toast').addEventListener('click', (e) => { e.currentTarget.hidden = true; });
    let rt = null;
    window.addEventListener('resize', () => { clearTimeout(rt); rt = setTimeout(resizeChart, 150); });
    renderAccount();
    // Logged in already? (the cookie is HttpOnly: ask the server)
    loadMe().then(() => showTab(location.hash.slice(1) || 'plans', false));
  }

  start();
})();
