/**
 * The program the child `node` of serverlessJsFiles.ts runs (with `-e`), in the service folder. It
 * reads a job from stdin (the modules, the `(module, address)` requests, the values the code may ask
 * for), answers every request concurrently (one that never settles must not hold the others back),
 * and prints each answer as one line behind the job's marker. The user code's console output goes
 * to stderr, so it can never be taken for an answer. Plain JavaScript for Node 18+, kept free of
 * template literals so that it can live in this string.
 *
 * The semantics are the framework's: the export (awaited) is called if it is a function, with
 * `{ options, resolveVariable, resolveConfigurationProperty }`; the address then walks into the
 * result, and the first function met on the way is called (only one function per variable, as
 * the framework does). Null or undefined anywhere means "no value".
 */
export const jsFileChildScript = String.raw`
const Module = require('node:module');
const path = require('node:path');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

const toStderr = (...args) => process.stderr.write(util.format(...args) + '\n');
console.log = console.info = console.debug = toStderr;

class Failure extends Error {}

function oneLine(error) {
  const message = error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
  const name = error && typeof error === 'object' && typeof error.name === 'string' && error.name !== 'Error' ? error.name + ': ' : '';
  return name + ((message.split('\n')[0] || '').trim() || 'no message');
}

function fromNamespace(namespace) {
  return 'default' in namespace ? namespace.default : Object.assign({}, namespace);
}

async function loadModule(spec) {
  try {
    if (spec.code !== undefined) {
      const m = new Module(spec.file, null);
      m.filename = spec.file;
      m.paths = Module._nodeModulePaths(path.dirname(spec.file));
      m._compile(spec.code, spec.file);
      const exported = m.exports;
      return exported && exported.__esModule && 'default' in exported ? exported.default : exported;
    }
    if (spec.esm) return fromNamespace(await import(pathToFileURL(spec.file).href));
    try {
      return Module.createRequire(spec.file)(spec.file);
    } catch (error) {
      // An ES module the parent did not recognise as one (its package.json says so, but is unusual).
      if (error && (error.code === 'ERR_REQUIRE_ESM' || error.code === 'ERR_REQUIRE_ASYNC_MODULE')) return fromNamespace(await import(pathToFileURL(spec.file).href));
      throw error;
    }
  } catch (error) {
    throw new Failure('loading it failed: ' + oneLine(error));
  }
}

function splitFallbacks(text) {
  const parts = [];
  let quote;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

function codeContext(job) {
  const properties = job.properties;
  const notLocal = (what) =>
    new Error(what + ' is not available locally (Serverless Workbench answers sls:stage, opt:, env:, self:provider.stage and self:provider.region)');
  const lookup = (source, address) => {
    if (source === 'sls' && address === 'stage') return job.stage;
    if (source === 'opt') return job.options[address];
    if (source === 'env') return process.env[address];
    if (source === 'self' && Object.prototype.hasOwnProperty.call(properties, address)) return properties[address];
    throw notLocal(source + ':' + address);
  };
  const resolveVariable = async (text) => {
    let inner = String(text).trim();
    const wrapped = /^\$\{([\s\S]*)\}$/.exec(inner);
    if (wrapped) inner = wrapped[1];
    for (const alternative of splitFallbacks(inner)) {
      const quoted = /^(['"])([\s\S]*)\1$/.exec(alternative);
      if (quoted) return quoted[2];
      if (/^-?\d+(\.\d+)?$/.test(alternative)) return Number(alternative);
      const reference = /^([a-zA-Z][\w-]*):([\s\S]*)$/.exec(alternative);
      if (!reference) throw notLocal(alternative);
      const value = lookup(reference[1], reference[2].trim());
      if (value !== undefined && value !== null) return value;
    }
    throw new Error('resolveVariable: no value for ' + String(text));
  };
  const resolveConfigurationProperty = async (keys) => {
    const address = Array.isArray(keys) ? keys.join('.') : String(keys);
    if (Object.prototype.hasOwnProperty.call(properties, address)) return properties[address];
    throw notLocal('the configuration property ' + address);
  };
  return { options: job.options, resolveVariable, resolveConfigurationProperty };
}

async function call(fn, label, context) {
  try {
    return await fn(context);
  } catch (error) {
    throw new Failure(label + ' failed: ' + oneLine(error));
  }
}

async function valueAt(exported, address, context) {
  let value = await exported;
  let called = false;
  if (typeof value === 'function') {
    called = true;
    value = await call(value, 'its export', context);
  }
  const walked = [];
  for (const key of address ? address.split('.') : []) {
    if (value === undefined || value === null) return null;
    walked.push(key);
    value = await value[key];
    if (!called && typeof value === 'function') {
      called = true;
      value = await call(value, walked.join('.'), context);
    }
  }
  return value === undefined ? null : value;
}

// JSON.stringify would drop functions silently; here they are a reason, with where they are.
function notData(value, at, ancestors) {
  const where = at ? ' at ' + at : '';
  const type = typeof value;
  if (type === 'function') return 'the value' + where + ' is a function (the framework calls one function per variable), not data';
  if (type === 'bigint' || type === 'symbol') return 'the value' + where + ' is a ' + type + ', not JSON data';
  if (value === null || type !== 'object' || typeof value.toJSON === 'function') return undefined;
  if (ancestors.includes(value)) return 'the value' + where + ' refers to itself';
  const inner = ancestors.concat([value]);
  for (const key of Object.keys(value)) {
    const problem = notData(value[key], at ? at + '.' + key : key, inner);
    if (problem) return problem;
  }
  return undefined;
}

async function main(job) {
  const send = (record) =>
    new Promise((resolve) => process.stdout.write('\n' + job.marker + JSON.stringify(record) + '\n', () => resolve()));
  const context = codeContext(job);
  const loads = new Map();
  const load = (index) => {
    if (!loads.has(index)) loads.set(index, loadModule(job.modules[index]));
    return loads.get(index);
  };
  await Promise.all(
    job.requests.map(async (request) => {
      let record;
      try {
        const value = await valueAt(await load(request.module), request.address, context);
        const problem = notData(value, '', []);
        if (problem) throw new Failure(problem);
        record = { id: request.id, ok: true, value: JSON.parse(JSON.stringify(value)) };
      } catch (error) {
        record = { id: request.id, ok: false, message: error instanceof Failure ? error.message : oneLine(error) };
      }
      await send(record);
    }),
  );
  const files = Object.keys(require.cache).filter((file) => path.isAbsolute(file) && !file.split(path.sep).includes('node_modules'));
  await send({ files });
  // The code may leave timers or sockets open; the answers are all out.
  process.exit(0);
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', () => {
  main(JSON.parse(input)).catch((error) => {
    process.stderr.write(oneLine(error) + '\n');
    process.exit(1);
  });
});
`;
