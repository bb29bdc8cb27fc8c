import '../styles.css';
import type { Client } from 'graphql-ws';
import type { ConsoleTaskFieldsFragment, PatentExportType, TaskStatus } from '../generated/graphql.js';
import { createApi, createLive, GatewayError, subscribe } from './api.js';
import {
  ConsoleCancelTask,
  ConsoleRefreshTask,
  ConsoleStartPatentExport,
  ConsoleTasks,
  ConsoleTasksUpdated,
} from './documents.js';

/**
 * The task console: start a patent export, watch every task of the caller live (tasksUpdated over
 * graphql-ws), download, refresh, cancel. Plain DOM: the page is small, and every value the gateway
 * sends is put in with textContent (never as HTML).
 */

type Task = ConsoleTaskFieldsFragment;

const KEY_STORAGE = 'export-gateway-console-key';
const TASKS_SHOWN = 50;
const TERMINAL: ReadonlySet<TaskStatus> = new Set(['SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELLED']);
const EXPORT_TYPES: readonly PatentExportType[] = ['CSV', 'JSON', 'XLS', 'PDF', 'XML', 'FULL_TEXT'];

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
const persisted = meta('gateway-persisted-documents') === 'on';
const authRequired = meta('gateway-auth') !== 'none';
const endpoint = new URL('/graphql', window.location.href).toString();

function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is missing from the page`);
  return found;
}

const ui = {
  connection: byId('connection', HTMLElement),
  keyForm: byId('key-form', HTMLFormElement),
  key: byId('api-key', HTMLInputElement),
  keyMessage: byId('key-message', HTMLElement),
  exportForm: byId('export-form', HTMLFormElement),
  queryText: byId('query-text', HTMLTextAreaElement),
  fields: byId('fields', HTMLInputElement),
  exportType: byId('export-type', HTMLSelectElement),
  rows: byId('rows', HTMLInputElement),
  formMessage: byId('form-message', HTMLElement),
  list: byId('task-list', HTMLOListElement),
  empty: byId('empty', HTMLElement),
  count: byId('task-count', HTMLElement),
};

const tasks = new Map<string, Task>();
const taskMessages = new Map<string, string>();
let credential = sessionStorage.getItem(KEY_STORAGE) ?? '';
const api = createApi({ endpoint, persisted, credential: () => credential });
let live: Client | null = null;
let stopLive: (() => void) | null = null;

/** A small element builder: attributes, then children (strings become text nodes). */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child !== null) node.append(child);
  return node;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour12: false });
const dateTime = (iso: string) =>
  new Date(iso).toLocaleString([], { hour12: false, dateStyle: 'medium', timeStyle: 'short' });
const orDash = (value: number | string | null | undefined) =>
  value === null || value === undefined || value === '' ? '—' : String(value);
const label = (value: string) => value.replaceAll('_', ' ').toLowerCase();

function setConnection(state: 'connecting' | 'live' | 'reconnecting' | 'refused', text: string): void {
  ui.connection.dataset.state = state;
  ui.connection.textContent = text;
}

/** Keeps the newer of two snapshots: an event and a re-fetch can cross on the wire. */
function upsert(task: Task): void {
  const known = tasks.get(task.id);
  if (known && Date.parse(known.updatedAt) > Date.parse(task.updatedAt)) return;
  tasks.set(task.id, task);
  render(task);
}

function detail(name: string, value: string): HTMLElement {
  return el('div', { class: 'detail' }, el('dt', {}, name), el('dd', {}, value));
}

function taskCard(task: Task): HTMLLIElement {
  const terminal = TERMINAL.has(task.status);
  const actions = el('div', { class: 'actions' });
  if (task.downloadUrl) {
    actions.append(
      el(
        'a',
        { class: 'button download', href: task.downloadUrl, rel: 'noopener noreferrer', download: '' },
        'Download',
      ),
    );
  }
  const refresh = el('button', { type: 'button', class: 'refresh' }, 'Refresh');
  refresh.addEventListener('click', () => void act(task.id, 'refresh'));
  const cancel = el('button', { type: 'button', class: 'cancel' }, 'Cancel');
  cancel.disabled = terminal;
  cancel.addEventListener('click', () => void act(task.id, 'cancel'));
  actions.append(refresh, cancel);

  const history = el(
    'ol',
    { class: 'history', 'aria-label': 'History' },
    ...task.history.map((step) =>
      el(
        'li',
        { 'data-status': step.status },
        el('span', { class: 'dot' }),
        el('span', { class: 'step' }, label(step.status)),
        step.vendorStatus ? el('span', { class: 'vendor' }, step.vendorStatus) : null,
        el('time', { datetime: step.at }, time(step.at)),
      ),
    ),
  );
  const message = taskMessages.get(task.id);
  return el(
    'li',
    { class: 'task', 'data-task-id': task.id, 'data-status': task.status },
    el(
      'div',
      { class: 'task-head' },
      el('span', { class: 'badge', 'data-status': task.status }, label(task.status)),
      el('span', { class: 'kind' }, `${label(task.kind)} · ${task.vendor}`),
      el('time', { class: 'created', datetime: task.createdAt }, dateTime(task.createdAt)),
    ),
    el(
      'dl',
      { class: 'details' },
      detail('Vendor status', orDash(task.vendorStatus)),
      detail('Queue position', orDash(task.queuePosition)),
      detail('Items', orDash(task.itemCount)),
      detail('Polls', String(task.pollCount)),
      detail('Vendor task', task.vendorTaskId),
      detail('Link expires', task.downloadExpiresAt ? dateTime(task.downloadExpiresAt) : '—'),
    ),
    task.error ? el('p', { class: 'task-error' }, `${task.error.code}: ${task.error.message}`) : null,
    history,
    actions,
    message ? el('p', { class: 'message error', role: 'alert' }, message) : null,
  );
}

/** Re-renders one task in place (or the order, when a task is new). */
function render(task: Task): void {
  const card = taskCard(task);
  const existing = ui.list.querySelector(`li[data-task-id="${CSS.escape(task.id)}"]`);
  if (existing) existing.replaceWith(card);
  else renderAll();
}

function renderAll(): void {
  const sorted = [...tasks.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  ui.list.replaceChildren(...sorted.slice(0, TASKS_SHOWN).map(taskCard));
  ui.empty.hidden = sorted.length > 0;
  ui.count.textContent = sorted.length > 0 ? String(sorted.length) : '';
}

function errorText(error: unknown): string {
  if (error instanceof GatewayError) return error.message;
  if (error instanceof TypeError) return 'The gateway does not answer (restarting?); try again in a moment';
  return error instanceof Error ? error.message : String(error);
}

async function act(id: string, action: 'refresh' | 'cancel'): Promise<void> {
  taskMessages.delete(id);
  try {
    const task =
      action === 'refresh'
        ? (await api.request(ConsoleRefreshTask, { id })).refreshTask.task
        : (await api.request(ConsoleCancelTask, { id })).cancelTask.task;
    upsert(task);
  } catch (error) {
    taskMessages.set(id, errorText(error));
    const task = tasks.get(id);
    if (task) render(task);
  }
}

/** The current state of every task: on load and after each reconnection (events were missed). */
async function fetchTasks(): Promise<void> {
  try {
    const data = await api.request(ConsoleTasks, { first: TASKS_SHOWN });
    for (const edge of data.tasks.edges) upsert(edge.node);
    renderAll();
  } catch (error) {
    ui.formMessage.textContent = errorText(error);
    ui.formMessage.dataset.kind = 'error';
  }
}

function connect(): void {
  stopLive?.();
  void live?.dispose();
  setConnection('connecting', 'Connecting…');
  live = createLive({
    endpoint,
    persisted,
    credential: () => credential,
    onConnected: () => {
      setConnection('live', 'Live');
      void fetchTasks();
    },
    onDisconnected: (retrying) =>
      retrying
        ? setConnection('reconnecting', 'Reconnecting…')
        : setConnection('refused', authRequired ? 'Key refused' : 'Refused'),
  });
  stopLive = subscribe(live, persisted, ConsoleTasksUpdated, {
    next: (data) => upsert(data.tasksUpdated),
    error: (error) => {
      ui.formMessage.textContent = errorText(error);
      ui.formMessage.dataset.kind = 'error';
    },
  });
}

ui.keyForm.hidden = !authRequired;
ui.key.value = credential;
ui.keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  credential = ui.key.value.trim();
  if (credential) sessionStorage.setItem(KEY_STORAGE, credential);
  else sessionStorage.removeItem(KEY_STORAGE);
  ui.keyMessage.textContent = credential ? 'Key kept for this tab.' : 'Key removed.';
  tasks.clear();
  renderAll();
  connect();
});

for (const type of EXPORT_TYPES) ui.exportType.append(el('option', { value: type }, type));

ui.exportForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const exportType = EXPORT_TYPES.find((type) => type === ui.exportType.value) ?? 'CSV';
  const fields = ui.fields.value
    .split(/[\s,]+/)
    .map((field) => field.trim().toUpperCase())
    .filter(Boolean);
  const submit = ui.exportForm.querySelector('button[type="submit"]');
  if (submit instanceof HTMLButtonElement) submit.disabled = true;
  ui.formMessage.textContent = 'Starting…';
  delete ui.formMessage.dataset.kind;
  api
    .request(ConsoleStartPatentExport, {
      input: { queryText: ui.queryText.value.trim(), fields, exportType, rows: ui.rows.valueAsNumber },
    })
    .then(
      (data) => {
        upsert(data.startPatentExport.task);
        ui.formMessage.textContent = 'Export started.';
        ui.formMessage.dataset.kind = 'ok';
      },
      (error: unknown) => {
        ui.formMessage.textContent = errorText(error);
        ui.formMessage.dataset.kind = 'error';
      },
    )
    .finally(() => {
      if (submit instanceof HTMLButtonElement) submit.disabled = false;
    });
});

renderAll();
if (!authRequired || credential) connect();
else setConnection('refused', 'Enter a key');
