// The registry's discovery page: a list with search-as-you-type and filters, and a detail view
// per server (#/server/<percent-encoded name>). Plain DOM, no framework. Every string that comes
// from the API reaches the page as a text node or an attribute value, never as markup, so a
// server's description cannot inject anything; the page runs under `default-src 'self'`.
'use strict';

(() => {
  const PAGE_SIZE = 50;
  const DEBOUNCE_MS = 180;
  const APP_TITLE = 'MCP server registry';

  const TYPE_LABELS = { local: 'Local', official: 'Official', community: 'Community', mock: 'Mock' };
  const CLIENT_LABELS = {
    claude_desktop: 'Claude Desktop', claude_code: 'Claude Code', vscode: 'VS Code', cursor: 'Cursor',
  };
  const CLIENT_HINTS = {
    claude_desktop: 'Merge into claude_desktop_config.json, then restart Claude Desktop.',
    vscode: 'Merge into .vscode/mcp.json in your workspace (or your user settings).',
    claude_code: 'Merge into .mcp.json at the root of your project.',
    cursor: 'Merge into ~/.cursor/mcp.json, or .cursor/mcp.json in a project.',
  };

  // ---------------------------------------------------------------------------------------
  // DOM helpers
  // ---------------------------------------------------------------------------------------

  const byId = (id) => document.getElementById(id);

  /// el('a', {href: '#/', class: 'x'}, 'text', childNode, [more]): strings become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === 'class') node.className = value;
        else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  /// Only http(s) and same-origin relative URLs become links; anything else (javascript:, data:)
  /// is shown as text.
  function safeHref(url) {
    if (typeof url !== 'string' || url === '') return null;
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
    } catch {
      return null;
    }
  }

  const str = (value) => (typeof value === 'string' ? value : value == null ? '' : String(value));

  /// `text` with every occurrence of the query's words wrapped in <mark>, built from text nodes.
  function highlight(text, query) {
    text = str(text);
    const words = query.toLowerCase().split(/\s+/).filter((w) => w.length > 1);
    if (words.length === 0) return text;
    const lower = text.toLowerCase();
    const fragment = document.createDocumentFragment();
    let at = 0;
    while (at < text.length) {
      let best = -1;
      let bestLength = 0;
      for (const word of words) {
        const found = lower.indexOf(word, at);
        if (found !== -1 && (best === -1 || found < best)) {
          best = found;
          bestLength = word.length;
        }
      }
      if (best === -1) break;
      if (best > at) fragment.append(text.slice(at, best));
      fragment.append(el('mark', null, text.slice(best, best + bestLength)));
      at = best + bestLength;
    }
    if (at < text.length) fragment.append(text.slice(at));
    return fragment;
  }

  // ---------------------------------------------------------------------------------------
  // Formatting
  // ---------------------------------------------------------------------------------------

  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

  function parseDate(value) {
    if (!value) return null;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }

  function timeAgo(date) {
    const seconds = Math.round((date.getTime() - Date.now()) / 1000);
    const units = [
      ['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400],
      ['hour', 3600], ['minute', 60], ['second', 1],
    ];
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size || unit === 'second') {
        return relative.format(Math.round(seconds / size), unit);
      }
    }
    return '';
  }

  /// A <time> showing "3 hours ago" with the full date as its tooltip.
  function timeNode(value) {
    const date = parseDate(value);
    if (!date) return el('span', { class: 'muted' }, value ? str(value) : '—');
    return el('time', { datetime: date.toISOString(), title: date.toLocaleString() }, timeAgo(date));
  }

  function formatBytes(size) {
    if (typeof size !== 'number' || !Number.isFinite(size)) return '—';
    const units = ['B', 'KB', 'MB', 'GB'];
    let value = size;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
  }

  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  function badge(text, kind, title) {
    return el('span', { class: `badge ${kind || ''}`.trim(), title }, text);
  }

  function healthBadge(health) {
    if (!health || typeof health !== 'object') return badge('not checked', 'health-unknown', 'No health check recorded');
    const healthy = health.status === 'healthy';
    const ms = typeof health.response_time_ms === 'number' ? ` · ${health.response_time_ms} ms` : '';
    const checked = parseDate(health.checked_at);
    return badge(`${healthy ? 'healthy' : 'unhealthy'}${healthy ? ms : ''}`,
                 healthy ? 'health-ok' : 'health-bad',
                 checked ? `Checked ${checked.toLocaleString()}` : undefined);
  }

  function statusBadge(status) {
    const value = str(status) || 'unknown';
    return badge(value, `status-${value.replace(/[^a-z]/g, '')}`);
  }

  function typeBadge(type) {
    const value = str(type);
    return value ? badge(TYPE_LABELS[value] || value, `type-${value.replace(/[^a-z]/g, '')}`) : null;
  }

  // ---------------------------------------------------------------------------------------
  // API
  // ---------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message, code) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function fetchJson(url, signal) {
    const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
      throw new ApiError(response.status, message, body && body.code);
    }
    if (!body || typeof body !== 'object') throw new ApiError(response.status, 'The answer was not JSON.');
    return body;
  }

  // ---------------------------------------------------------------------------------------
  // List view
  // ---------------------------------------------------------------------------------------

  const listView = byId('list-view');
  const detailView = byId('detail-view');
  const form = byId('filters');
  const controls = { q: byId('q'), type: byId('type'), status: byId('status'), tag: byId('tag') };
  const results = byId('results');
  const resultStatus = byId('result-status');
  const loadMore = byId('load-more');

  const list = {
    filters: { q: '', type: '', status: '', tag: '' },
    items: [],
    total: 0,
    cursor: null,
    loaded: false,
    controller: null,  // the request in flight; a newer one aborts it
    scrollY: 0,
    lastOpened: null,
  };

  function filtersQuery() {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(list.filters)) {
      if (value) params.set(key, value);
    }
    return params;
  }

  function listHash() {
    const query = filtersQuery().toString();
    return query ? `#/?${query}` : '#/';
  }

  function listUrl(cursor) {
    const params = filtersQuery();
    const filtered = [...params.keys()].length > 0;
    params.set('limit', String(PAGE_SIZE));
    if (cursor) params.set('cursor', cursor);
    return `${filtered ? '/api/v1/packages/search' : '/api/v1/packages'}?${params}`;
  }

  function readControls() {
    list.filters = {
      q: controls.q.value.trim(),
      type: controls.type.value,
      status: controls.status.value,
      tag: controls.tag.value.trim(),
    };
  }

  function writeControls() {
    for (const [key, control] of Object.entries(controls)) control.value = list.filters[key] || '';
  }

  async function loadList(append) {
    if (list.controller) list.controller.abort();
    const controller = new AbortController();
    list.controller = controller;
    results.setAttribute('aria-busy', 'true');
    listView.classList.add('loading');
    if (!append) resultStatus.textContent = 'Searching…';
    loadMore.disabled = true;
    try {
      const data = await fetchJson(listUrl(append ? list.cursor : null), controller.signal);
      if (controller !== list.controller) return;
      const packages = Array.isArray(data.packages) ? data.packages : [];
      list.items = append ? list.items.concat(packages) : packages;
      list.total = typeof data.total === 'number' ? data.total : list.items.length;
      list.cursor = typeof data.next_cursor === 'string' && data.next_cursor ? data.next_cursor : null;
      list.loaded = true;
      renderList(append ? packages : null);
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (controller !== list.controller) return;
      list.loaded = false;
      results.replaceChildren();
      resultStatus.replaceChildren(
        el('span', { class: 'error-text' }, `Could not load servers: ${error.message}`), ' ',
        el('button', { type: 'button', class: 'link-button', onclick: () => loadList(false) }, 'Try again'));
    } finally {
      if (controller === list.controller) {
        list.controller = null;
        results.removeAttribute('aria-busy');
        listView.classList.remove('loading');
        loadMore.disabled = false;
      }
    }
  }

  function describeFilters() {
    const parts = [];
    const f = list.filters;
    if (f.q) parts.push(`matching “${f.q}”`);
    if (f.type) parts.push(`of type ${TYPE_LABELS[f.type] || f.type}`);
    if (f.status) parts.push(`with status ${f.status}`);
    if (f.tag) parts.push(`tagged ${f.tag}`);
    return parts.join(', ');
  }

  function renderList(appended) {
    const filters = describeFilters();
    if (list.items.length === 0) {
      results.replaceChildren();
      resultStatus.textContent = filters ? `No servers ${filters}.` : 'No servers are published yet.';
    } else {
      const shown = list.items.length;
      const total = Math.max(list.total, shown);
      resultStatus.textContent = `${shown === total ? plural(total, 'server', 'servers') : `Showing ${shown} of ${total} servers`}${filters ? ` ${filters}` : ''}.`;
      const cards = (appended || list.items).map(card);
      if (appended) results.append(...cards);
      else results.replaceChildren(...cards);
    }
    loadMore.hidden = !list.cursor;
  }

  function card(item) {
    const name = str(item.name);
    const title = str(item.display_name) || name;
    const tools = typeof item.tools_count === 'number' ? item.tools_count : 0;
    const tags = Array.isArray(item.tags) ? item.tags.map(str).filter(Boolean) : [];
    const query = list.filters.q;
    return el('li', { class: 'card', 'data-name': name },
      el('a', { class: 'card-link', href: `#/server/${encodeURIComponent(name)}` },
        el('div', { class: 'card-head' },
          el('h2', { class: 'card-title' }, highlight(title, query)),
          item.latest_version ? el('span', { class: 'version', title: 'Latest version' }, `v${str(item.latest_version)}`) : null),
        title !== name ? el('p', { class: 'card-name' }, el('code', null, highlight(name, query))) : null,
        el('p', { class: 'card-desc' }, item.description ? highlight(item.description, query) : el('span', { class: 'muted' }, 'No description.')),
        el('div', { class: 'badges' },
          typeBadge(item.server_type),
          item.status && item.status !== 'active' ? statusBadge(item.status) : null,
          item.runtime ? badge(str(item.runtime), 'runtime') : null,
          badge(plural(tools, 'tool', 'tools'), 'tools'),
          // Only servers with an endpoint are checked: no badge rather than "not checked" on each.
          item.health ? healthBadge(item.health) : null),
        tags.length ? el('ul', { class: 'tags', 'aria-label': 'Tags' }, tags.map((t) => el('li', null, t))) : null));
  }

  let debounceTimer = 0;
  function scheduleSearch(delay) {
    window.clearTimeout(debounceTimer);
    debounceTimer = window.setTimeout(() => {
      debounceTimer = 0;
      readControls();
      window.history.replaceState(null, '', listHash());
      loadList(false);
    }, delay);
  }

  // Opening a server while a keystroke's search is still waiting: the search must not fire
  // later and rewrite the address back to the list. Its filters are kept and the list
  // reloads when the user comes back.
  function settlePendingSearch() {
    if (!debounceTimer) return;
    window.clearTimeout(debounceTimer);
    debounceTimer = 0;
    readControls();
    list.loaded = false;
  }

  controls.q.addEventListener('input', () => scheduleSearch(DEBOUNCE_MS));
  controls.tag.addEventListener('input', () => scheduleSearch(DEBOUNCE_MS));
  controls.type.addEventListener('change', () => scheduleSearch(0));
  controls.status.addEventListener('change', () => scheduleSearch(0));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    scheduleSearch(0);
  });
  form.addEventListener('reset', () => {
    // The form clears its fields after this event; read them afterwards.
    window.setTimeout(() => {
      scheduleSearch(0);
      controls.q.focus();
    }, 0);
  });
  loadMore.addEventListener('click', () => loadList(true));

  function showList(filtersFromHash) {
    if (detailController) detailController.abort();
    detailView.hidden = true;
    detailView.replaceChildren();
    listView.hidden = false;
    document.title = APP_TITLE;
    const changed = filtersFromHash && JSON.stringify(filtersFromHash) !== JSON.stringify(list.filters);
    if (changed) {
      list.filters = filtersFromHash;
      writeControls();
    }
    if (!list.loaded || changed) {
      loadList(false);
      return;
    }
    window.scrollTo(0, list.scrollY);
    if (list.lastOpened) {
      const link = results.querySelector(`li[data-name="${CSS.escape(list.lastOpened)}"] .card-link`);
      if (link) link.focus({ preventScroll: true });
    }
  }

  // ---------------------------------------------------------------------------------------
  // Detail view
  // ---------------------------------------------------------------------------------------

  let detailController = null;

  async function showDetail(name) {
    settlePendingSearch();
    if (!listView.hidden) list.scrollY = window.scrollY;
    list.lastOpened = name;
    listView.hidden = true;
    detailView.hidden = false;
    if (detailController) detailController.abort();
    const controller = new AbortController();
    detailController = controller;
    detailView.setAttribute('aria-busy', 'true');
    detailView.replaceChildren(backLink(), el('p', { class: 'loading-text' }, 'Loading…'));
    window.scrollTo(0, 0);
    try {
      const server = await fetchJson(`/api/v1/packages/${encodeURIComponent(name)}`, controller.signal);
      if (controller !== detailController) return;
      renderDetail(server);
    } catch (error) {
      if (error.name === 'AbortError' || controller !== detailController) return;
      const notFound = error.status === 404;
      document.title = `${notFound ? 'Not found' : 'Error'} · ${APP_TITLE}`;
      const heading = el('h1', { tabindex: '-1' }, notFound ? 'Server not found' : 'Could not load this server');
      detailView.replaceChildren(backLink(), el('div', { class: 'panel notice' }, heading,
        el('p', null, notFound ? 'No server named ' : 'Loading ', el('code', null, name),
          notFound ? ' is published in this registry.' : ` failed: ${error.message}`),
        notFound ? null : el('button', { type: 'button', class: 'button', onclick: () => showDetail(name) }, 'Try again')));
      heading.focus();
    } finally {
      if (controller === detailController) {
        detailController = null;
        detailView.removeAttribute('aria-busy');
      }
    }
  }

  function backLink() {
    return el('nav', { class: 'back', 'aria-label': 'Breadcrumb' }, el('a', { href: listHash() }, '← All servers'));
  }

  function section(id, title, count, ...content) {
    const headingId = `${id}-heading`;
    return el('section', { id, class: 'panel', 'aria-labelledby': headingId },
      el('h2', { id: headingId }, title, count === null ? null : el('span', { class: 'count' }, String(count))),
      content);
  }

  function renderDetail(server) {
    const name = str(server.name);
    const title = str(server.display_name) || name;
    document.title = `${title} · ${APP_TITLE}`;
    const tools = Array.isArray(server.tools) ? server.tools : [];
    const versions = Array.isArray(server.versions) ? server.versions : [];
    const history = Array.isArray(server.health_history) ? server.health_history : [];
    const artifacts = Array.isArray(server.artifacts) ? server.artifacts : [];
    const configs = server.client_configs && typeof server.client_configs === 'object' ? server.client_configs : {};
    const tags = Array.isArray(server.tags) ? server.tags.map(str).filter(Boolean) : [];

    const heading = el('h1', { tabindex: '-1' }, title);
    const endpoint = str(server.endpoint_url);
    const head = el('header', { class: 'detail-head' },
      el('div', { class: 'detail-title' }, heading,
        server.latest_version ? el('span', { class: 'version' }, `v${str(server.latest_version)}`) : null),
      title !== name ? el('p', { class: 'card-name' }, el('code', null, name)) : null,
      server.description ? el('p', { class: 'detail-desc' }, str(server.description)) : null,
      el('div', { class: 'badges' },
        typeBadge(server.server_type), statusBadge(server.status),
        server.runtime ? badge(str(server.runtime), 'runtime') : null,
        badge(plural(tools.length || server.tools_count || 0, 'tool', 'tools'), 'tools'),
        healthBadge(server.health)),
      el('dl', { class: 'facts' },
        fact('Name', el('code', null, name)),
        fact('Latest version', server.latest_version ? str(server.latest_version) : '—'),
        fact('Updated', timeNode(server.updated_at)),
        endpoint ? fact('Endpoint', linkOrText(endpoint)) : null,
        server.author ? fact('Author', str(server.author)) : null,
        server.repository_url ? fact('Repository', linkOrText(str(server.repository_url))) : null,
        server.documentation_url ? fact('Documentation', linkOrText(str(server.documentation_url))) : null),
      tags.length ? el('ul', { class: 'tags', 'aria-label': 'Tags' }, tags.map((tag) =>
        el('li', null, el('a', { href: `#/?${new URLSearchParams({ tag })}`, title: `Servers tagged ${tag}` }, tag)))) : null);

    const main = el('div', { class: 'detail-main' },
      section('tools', 'Tools', tools.length,
        tools.length ? tools.map(toolArticle) : el('p', { class: 'muted' }, 'This server declares no tools.')));
    const side = el('div', { class: 'detail-side' },
      section('configs', 'Client configuration', null, configTabs(configs)),
      section('versions', 'Versions', versions.length, versionsTable(versions)),
      section('health', 'Health', null, healthPanel(server, history)),
      section('artifacts', 'Artifacts', artifacts.length, artifactsTable(artifacts)));

    detailView.replaceChildren(backLink(), head, el('div', { class: 'detail-grid' }, main, side));
    heading.focus({ preventScroll: true });
  }

  function linkOrText(url) {
    const href = safeHref(url);
    return href ? el('a', { href, rel: 'noopener noreferrer' }, url) : url;
  }

  function fact(term, value) {
    return el('div', null, el('dt', null, term), el('dd', null, value));
  }

  function tableWrap(caption, headers, rows, className) {
    return el('div', { class: 'table-wrap' },
      el('table', { class: className },
        caption ? el('caption', { class: 'visually-hidden' }, caption) : null,
        el('thead', null, el('tr', null, headers.map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', null, rows)));
  }

  // --- Tools and their input schema -------------------------------------------------------

  function toolArticle(tool) {
    const name = str(tool.name);
    const schema = tool.input_schema && typeof tool.input_schema === 'object' ? tool.input_schema : {};
    const rows = schemaRows(schema, '', 0);
    const id = `tool-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    return el('article', { class: 'tool', 'data-tool': name, 'aria-labelledby': id },
      el('h3', { id }, el('code', null, name)),
      tool.description ? el('p', { class: 'tool-desc' }, str(tool.description)) : null,
      rows.length
        ? tableWrap(`Parameters of ${name}`, ['Parameter', 'Type', 'Required', 'Description', 'Constraints'],
            rows.map((row) => el('tr', { 'data-param': row.name },
              el('th', { scope: 'row' }, el('code', null, row.name)),
              el('td', { 'data-label': 'Type' }, el('code', { class: 'type' }, row.type)),
              el('td', { 'data-label': 'Required' },
                row.required ? badge('required', 'required') : el('span', { class: 'muted' }, 'optional')),
              el('td', { 'data-label': 'Description' }, row.description || el('span', { class: 'muted' }, '—')),
              el('td', { 'data-label': 'Constraints' }, row.constraints.length
                ? el('ul', { class: 'constraints' }, row.constraints.map((c) => el('li', null, c)))
                : el('span', { class: 'muted' }, '—')))), 'params')
        : el('p', { class: 'muted' }, 'No parameters.'),
      el('details', { class: 'raw' },
        el('summary', null, 'Input schema (JSON)'),
        el('pre', null, el('code', null, JSON.stringify(schema, null, 2)))));
  }

  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

  /// One row per property, nested objects and arrays of objects flattened as a.b and a[].b.
  function schemaRows(schema, prefix, depth) {
    if (!isObject(schema) || depth > 6) return [];
    const rows = [];
    const properties = isObject(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(str) : []);
    for (const [key, sub] of Object.entries(properties)) {
      const prop = isObject(sub) ? sub : {};
      const path = prefix + key;
      rows.push({
        name: path,
        type: typeName(prop),
        required: required.has(key),
        description: str(prop.description || prop.title),
        constraints: constraintsOf(prop),
      });
      if (isObject(prop.properties)) rows.push(...schemaRows(prop, `${path}.`, depth + 1));
      else if (isObject(prop.items) && isObject(prop.items.properties)) rows.push(...schemaRows(prop.items, `${path}[].`, depth + 1));
    }
    if (isObject(schema.additionalProperties) && Object.keys(schema.additionalProperties).length) {
      const extra = schema.additionalProperties;
      rows.push({ name: `${prefix}*`, type: typeName(extra), required: false,
                  description: str(extra.description) || 'Any other key', constraints: constraintsOf(extra) });
    }
    return rows;
  }

  function typeName(schema, depth = 0) {
    if (!isObject(schema) || depth > 4) return 'any';
    if (Array.isArray(schema.type)) return schema.type.map(str).join(' | ');
    if (schema.type === 'array') {
      return isObject(schema.items) ? `array<${typeName(schema.items, depth + 1)}>` : 'array';
    }
    if (typeof schema.type === 'string') return schema.type;
    for (const key of ['oneOf', 'anyOf']) {
      if (Array.isArray(schema[key])) return schema[key].map((s) => typeName(s, depth + 1)).join(' | ');
    }
    if (Array.isArray(schema.allOf)) return schema.allOf.map((s) => typeName(s, depth + 1)).join(' & ');
    if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop();
    if (Array.isArray(schema.enum)) return 'enum';
    if ('const' in schema) return 'const';
    return 'any';
  }

  const show = (value) => JSON.stringify(value);

  function range(min, max, unit) {
    const hasMin = typeof min === 'number';
    const hasMax = typeof max === 'number';
    if (hasMin && hasMax) return min === max ? `${unit} ${min}` : `${unit} ${min}–${max}`;
    if (hasMin) return `${unit} ≥ ${min}`;
    if (hasMax) return `${unit} ≤ ${max}`;
    return null;
  }

  function constraintsOf(schema) {
    const out = [];
    if (!isObject(schema)) return out;
    if (Array.isArray(schema.enum)) out.push(`one of ${schema.enum.map(show).join(', ')}`);
    if ('const' in schema) out.push(`always ${show(schema.const)}`);
    if (typeof schema.format === 'string') out.push(`format ${schema.format}`);
    if (typeof schema.minimum === 'number') out.push(`≥ ${schema.minimum}`);
    if (typeof schema.exclusiveMinimum === 'number') out.push(`> ${schema.exclusiveMinimum}`);
    if (typeof schema.maximum === 'number') out.push(`≤ ${schema.maximum}`);
    if (typeof schema.exclusiveMaximum === 'number') out.push(`< ${schema.exclusiveMaximum}`);
    if (typeof schema.multipleOf === 'number') out.push(`multiple of ${schema.multipleOf}`);
    const length = range(schema.minLength, schema.maxLength, 'length');
    if (length) out.push(length);
    if (typeof schema.pattern === 'string') out.push(`pattern /${schema.pattern}/`);
    const items = range(schema.minItems, schema.maxItems, 'items');
    if (items) out.push(items);
    if (schema.uniqueItems === true) out.push('unique items');
    const props = range(schema.minProperties, schema.maxProperties, 'keys');
    if (props) out.push(props);
    if ('default' in schema) out.push(`default ${show(schema.default)}`);
    if (schema.deprecated === true) out.push('deprecated');
    if (Array.isArray(schema.examples) && schema.examples.length) out.push(`e.g. ${show(schema.examples[0])}`);
    return out;
  }

  // --- Client configuration -----------------------------------------------------------------

  let tabCounter = 0;

  function configTabs(configs) {
    // Known clients first, in CLIENT_LABELS order; any others after them.
    const rank = (key) => { const i = Object.keys(CLIENT_LABELS).indexOf(key); return i === -1 ? 99 : i; };
    const entries = Object.entries(configs).filter(([, value]) => value !== null && value !== undefined)
      .sort(([a], [b]) => rank(a) - rank(b));
    if (entries.length === 0) return el('p', { class: 'muted' }, 'No client configuration is available for this server.');
    const prefix = `config-${++tabCounter}`;
    const tabs = [];
    const panels = [];
    entries.forEach(([key, value], index) => {
      const tabId = `${prefix}-tab-${index}`;
      const panelId = `${prefix}-panel-${index}`;
      const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
      const code = el('pre', { class: 'config-json', tabindex: '0', 'aria-label': `${CLIENT_LABELS[key] || key} configuration` },
        el('code', null, text));
      const feedback = el('span', { class: 'copy-feedback', role: 'status', 'aria-live': 'polite' });
      const copy = el('button', { type: 'button', class: 'button copy', 'data-client': key,
        onclick: () => copyText(text, code, feedback) }, 'Copy');
      tabs.push(el('button', {
        type: 'button', role: 'tab', id: tabId, class: 'tab', 'aria-controls': panelId, 'data-client': key,
        'aria-selected': index === 0 ? 'true' : 'false', tabindex: index === 0 ? '0' : '-1',
      }, CLIENT_LABELS[key] || key));
      panels.push(el('div', { role: 'tabpanel', id: panelId, class: 'tab-panel', 'aria-labelledby': tabId, hidden: index !== 0 },
        CLIENT_HINTS[key] ? el('p', { class: 'hint' }, CLIENT_HINTS[key]) : null,
        el('div', { class: 'code-block' }, code, el('div', { class: 'code-actions' }, feedback, copy))));
    });
    const tablist = el('div', { role: 'tablist', class: 'tabs', 'aria-label': 'MCP client' }, tabs);
    const select = (index) => {
      tabs.forEach((tab, i) => {
        tab.setAttribute('aria-selected', i === index ? 'true' : 'false');
        tab.tabIndex = i === index ? 0 : -1;
        panels[i].hidden = i !== index;
      });
      tabs[index].focus();
    };
    tabs.forEach((tab, index) => {
      tab.addEventListener('click', () => select(index));
      tab.addEventListener('keydown', (event) => {
        const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index };
        if (!(event.key in moves)) return;
        event.preventDefault();
        select((index + moves[event.key] + tabs.length) % tabs.length);
      });
    });
    return el('div', { class: 'config-tabs' }, tablist, panels);
  }

  async function copyText(text, codeNode, feedback) {
    const say = (message) => {
      feedback.textContent = message;
      window.clearTimeout(feedback.timer);
      feedback.timer = window.setTimeout(() => { feedback.textContent = ''; }, 2500);
    };
    try {
      await navigator.clipboard.writeText(text);
      say('Copied');
      return;
    } catch {
      // No clipboard permission (or an insecure origin): select the text instead.
    }
    const selection = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(codeNode);
    selection.removeAllRanges();
    selection.addRange(range);
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    say(copied ? 'Copied' : 'Selected: press Ctrl+C to copy');
  }

  // --- Versions, health, artifacts ----------------------------------------------------------

  function versionsTable(versions) {
    if (versions.length === 0) return el('p', { class: 'muted' }, 'No versions recorded.');
    return tableWrap('Versions', ['Version', 'Status', 'Published'], versions.map((v) =>
      el('tr', { class: v.is_latest ? 'latest' : null },
        el('td', null, el('code', null, str(v.version)), v.is_latest ? [' ', badge('latest', 'latest')] : null),
        el('td', null, statusBadge(v.status)),
        el('td', null, timeNode(v.published_at)))));
  }

  function healthPanel(server, history) {
    const checks = history.filter(isObject);
    const summary = el('p', { class: 'health-summary' }, healthBadge(server.health),
      server.health && server.health.checked_at ? [' checked ', timeNode(server.health.checked_at)] : null);
    if (checks.length === 0) {
      return el('div', null, summary, el('p', { class: 'muted' }, server.endpoint_url
        ? 'No health checks recorded yet.'
        : 'This server has no endpoint URL, so it is not health-checked.'));
    }
    const ok = (check) => (typeof check.healthy === 'boolean' ? check.healthy
      : !check.error && (!check.status_code || (check.status_code >= 200 && check.status_code < 300)));
    const okCount = checks.filter(ok).length;
    const times = checks.map((c) => (typeof c.response_time_ms === 'number' ? c.response_time_ms : 0));
    const slowest = Math.max(1, ...times);
    // Oldest on the left, as a timeline reads.
    const bars = el('div', { class: 'sparkline', role: 'img',
      'aria-label': `${okCount} of ${checks.length} recent checks succeeded` },
      checks.slice().reverse().map((check) => {
        const bar = el('span', { class: `bar ${ok(check) ? 'ok' : 'bad'}`,
          title: `${parseDate(check.checked_at)?.toLocaleString() || ''} · ${ok(check) ? `${check.response_time_ms ?? '?'} ms` : str(check.error) || `HTTP ${check.status_code}`}` });
        const ms = typeof check.response_time_ms === 'number' ? check.response_time_ms : 0;
        bar.style.height = `${ok(check) ? Math.max(8, Math.round((ms / slowest) * 100)) : 100}%`;
        return bar;
      }));
    return el('div', null, summary,
      el('p', { class: 'muted' }, `${okCount} of ${plural(checks.length, 'recent check', 'recent checks')} succeeded.`),
      bars,
      el('details', { class: 'raw' }, el('summary', null, 'Check history'),
        tableWrap('Health checks, newest first', ['Checked', 'Result', 'Time', 'Error'], checks.map((check) =>
          el('tr', null,
            el('td', null, timeNode(check.checked_at)),
            el('td', null, ok(check) ? badge(check.status_code ? `${check.status_code}` : 'ok', 'health-ok')
                                     : badge(check.status_code ? `${check.status_code}` : 'failed', 'health-bad')),
            el('td', null, typeof check.response_time_ms === 'number' ? `${check.response_time_ms} ms` : '—'),
            el('td', { class: 'error-cell' }, str(check.error) || el('span', { class: 'muted' }, '—')))))));
  }

  function artifactsTable(artifacts) {
    if (artifacts.length === 0) return el('p', { class: 'muted' }, 'No downloadable artifacts.');
    return tableWrap('Artifacts', ['File', 'Role', 'Size', 'SHA-256'], artifacts.filter(isObject).map((a) => {
      const href = safeHref(str(a.url));
      const file = str(a.file) || str(a.url) || 'artifact';
      const digest = str(a.sha256);
      return el('tr', null,
        el('td', null, href ? el('a', { href, download: file.split('/').pop() }, file) : file),
        el('td', null, str(a.role) || '—'),
        el('td', { class: 'num' }, formatBytes(a.size)),
        el('td', null, digest ? el('code', { class: 'digest', title: digest }, `${digest.slice(0, 12)}…`) : '—'));
    }));
  }

  // ---------------------------------------------------------------------------------------
  // Routing and keyboard
  // ---------------------------------------------------------------------------------------

  function filtersFromHash(hash) {
    const query = hash.startsWith('#/?') ? hash.slice(3) : '';
    const params = new URLSearchParams(query);
    return {
      q: (params.get('q') || '').trim(),
      type: params.get('type') || '',
      status: params.get('status') || '',
      tag: (params.get('tag') || '').trim(),
    };
  }

  function route() {
    const hash = window.location.hash || '#/';
    const match = /^#\/server\/(.+)$/.exec(hash);
    if (match) {
      let name = null;
      try {
        name = decodeURIComponent(match[1]);
      } catch {
        name = match[1];
      }
      showDetail(name);
      return;
    }
    showList(filtersFromHash(hash));
  }

  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      if (listView.hidden) window.location.hash = listHash();
      controls.q.focus();
      controls.q.select();
    } else if (event.key === 'Escape' && !listView.hidden && target === controls.q && controls.q.value) {
      controls.q.value = '';
      scheduleSearch(0);
    } else if (event.key === 'Escape' && listView.hidden && !typing) {
      window.location.hash = listHash();
    }
  });

  list.filters = filtersFromHash(window.location.hash || '#/');
  writeControls();
  route();
})();
