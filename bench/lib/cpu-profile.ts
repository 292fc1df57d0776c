/**
 * V8 CPU profiles (the profiler behind `node --cpu-prof`), started and stopped around one measured window
 * through node:inspector, and a summary of where the time went: self time per function and per package.
 */
import { Session } from 'node:inspector/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export class WindowProfiler {
  #session: Session | undefined;

  async start(intervalUs = 500): Promise<void> {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    this.#session = session;
  }

  async stop(): Promise<CpuProfile> {
    const session = this.#session;
    if (!session) throw new Error('the profiler was not started');
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    await session.post('Profiler.disable');
    session.disconnect();
    this.#session = undefined;
    return profile;
  }
}

export interface ProfileLine {
  name: string;
  /** For a function: the nearest caller outside Node's internals and native code that most of its time came from. */
  via?: string;
  /** Self time in ms and as a share of all sampled time (idle excluded). */
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled wall time (ms), and the part of it the thread was busy (not idle). */
  wallMs: number;
  busyMs: number;
  functions: ProfileLine[];
  packages: ProfileLine[];
}

/** Where a frame's code lives: `node:internals`, a package name, or a repository folder. */
export function areaOf(url: string, root: string): string {
  if (url === '') return '(native / VM)';
  if (url.startsWith('node:')) return 'node: built-ins';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + '/node_modules/'.length).split('/');
    const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '?');
    return `pkg ${name}`;
  }
  const rel = relative(root, path);
  if (rel.startsWith('..')) return '(other)';
  const parts = rel.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? rel);
}

function frameName(frame: CallFrame, root: string): string {
  const fn = frame.functionName || '(anonymous)';
  if (frame.url === '') return fn;
  const path = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  const modules = path.lastIndexOf('/node_modules/');
  const where = modules >= 0 ? path.slice(modules + '/node_modules/'.length) : relative(root, path);
  // Line numbers of TypeScript files run through tsx are positions in the transformed code: leave them out.
  return where.endsWith('.ts') ? `${fn} (${where})` : `${fn} (${where}:${frame.lineNumber + 1})`;
}

export function summarizeProfile(profile: CpuProfile, root: string, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time before sample i; attribute each interval to the sample that ends it. The first
  // sample is skipped: it is the profiler's own start (inside the inspector's dispatch).
  for (let i = 1; i < samples.length; i += 1) {
    const id = samples[i];
    const delta = deltas[i] ?? 0;
    if (id === undefined) continue;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, delta));
  }
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const isOwnCode = (frame: CallFrame) =>
    frame.url !== '' && !frame.url.startsWith('node:') && !frame.url.startsWith('wasm:');
  /** The nearest frame (itself or an ancestor) in a package or the repository, for native and built-in frames. */
  /** The nearest frame (itself or an ancestor) in a package or the repository, for native and built-in frames. */
  const ownerNode = (id: number): ProfileNode | undefined => {
    let current: number | undefined = id;
    while (current !== undefined) {
      const node = byId.get(current);
      if (node && isOwnCode(node.callFrame)) return node;
      current = parents.get(current);
    }
    return undefined;
  };
  const ownerOf = (id: number): string | undefined => {
    const owner = ownerNode(id);
    return owner ? frameName(owner.callFrame, root) : undefined;
  };
  const functions = new Map<string, number>();
  const owners = new Map<string, Map<string, number>>();
  const packages = new Map<string, number>();
  let idleUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const fn = node.callFrame.functionName;
    if (fn === '(idle)') {
      idleUs += us;
      continue;
    }
    const name = fn.startsWith('(') ? fn : frameName(node.callFrame, root);
    functions.set(name, (functions.get(name) ?? 0) + us);
    if (!isOwnCode(node.callFrame) && !fn.startsWith('(')) {
      const owner = ownerOf(id) ?? '(no JavaScript caller)';
      const byOwner = owners.get(name) ?? new Map<string, number>();
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
      owners.set(name, byOwner);
    }
    // Native and Node-internal work counts for the package or repository code that asked for it.
    const owner = isOwnCode(node.callFrame) ? node : ownerNode(id);
    const area = fn.startsWith('(')
      ? fn
      : owner
        ? areaOf(owner.callFrame.url, root)
        : 'node: I/O callbacks, timers (no package code on the stack)';
    packages.set(area, (packages.get(area) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const lines = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => {
        const via = [...(owners.get(name) ?? new Map<string, number>()).entries()].sort(
          (a, b) => b[1] - a[1],
        )[0];
        return {
          name,
          selfMs: us / 1000,
          share: busyUs > 0 ? us / busyUs : 0,
          ...(via ? { via: `${via[0]} (${Math.round((via[1] / us) * 100)} %)` } : {}),
        };
      });
  return {
    wallMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    functions: lines(functions),
    packages: lines(packages),
  };
}
