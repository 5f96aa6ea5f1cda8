import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpRequest } from './http';

const MAX_CAPTURE = 64 * 1024;

/** A child the bench started; its output is kept (the tail) for error messages. */
export interface Tracked {
  child: ChildProcess;
  name: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited: () => boolean;
}

const live = new Set<Tracked>();

export function spawnTracked(name: string, command: string, args: string[], options: SpawnOptions): Tracked {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let captured = '';
  const keep = (chunk: Buffer) => {
    captured += chunk.toString('utf8');
    if (captured.length > MAX_CAPTURE) captured = captured.slice(-MAX_CAPTURE);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      done = true;
      captured += `\n[spawn error] ${error.message}`;
      resolve({ code: -1, signal: null });
    });
  });
  const tracked: Tracked = { child, name, output: () => captured, exited, hasExited: () => done };
  live.add(tracked);
  void exited.then(() => live.delete(tracked));
  return tracked;
}

/** SIGTERM (the app closes gracefully on it), then SIGKILL if it is still there after the grace period. */
export async function stop(tracked: Tracked, graceMs = 5000): Promise<void> {
  if (tracked.hasExited()) return;
  tracked.child.kill('SIGTERM');
  const timer = sleep(graceMs, undefined, { ref: false }).then(() => 'timeout' as const);
  if ((await Promise.race([tracked.exited, timer])) === 'timeout') {
    tracked.child.kill('SIGKILL');
    await Promise.race([tracked.exited, sleep(2000, undefined, { ref: false })]);
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((t) => stop(t)));
}

/** Kills every child the bench started, whatever way the bench ends. */
export function installCleanup(): void {
  process.once('exit', () => {
    for (const t of live) if (!t.hasExited()) t.child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping child processes`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

/** Fails when something already listens on the port: the bench would measure someone else's server. */
export async function assertPortFree(port: number): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
  if (inUse) throw new Error(`Port ${port} on 127.0.0.1 is already in use; set BENCH_PORT to a free range`);
}

/**
 * Polls `url` until it answers 200, the child exits, or the deadline passes. Returns milliseconds
 * since `startedAt` (a performance.now() value taken just before spawning).
 */
export async function waitForOk(url: string, tracked: Tracked, startedAt: number, timeoutMs = 60_000, intervalMs = 20): Promise<number> {
  const deadline = startedAt + timeoutMs;
  for (let attempt = 0; attempt < Math.ceil(timeoutMs / intervalMs) + 10; attempt++) {
    if (tracked.hasExited()) {
      throw new Error(`${tracked.name} exited before answering ${url}:\n${tracked.output().slice(-4000)}`);
    }
    try {
      const response = await httpRequest('GET', url, { timeoutMs: 1000 });
      if (response.status === 200) return performance.now() - startedAt;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) break;
    await sleep(intervalMs);
  }
  throw new Error(`${tracked.name} did not answer 200 on ${url} within ${timeoutMs} ms:\n${tracked.output().slice(-4000)}`);
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is field 0; utime and stime are fields 11 and 12 (stat fields 14, 15).
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** CPU seconds all cores together have spent busy (not idle, not waiting on I/O) since boot. */
export function machineBusySeconds(): number | null {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return (user + nice + system + irq + softirq + (steal ?? 0)) / 100;
  } catch {
    return null;
  }
}

/** Peak resident set size (VmHWM) of a live process, in MiB. */
export function peakRssMiB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The pid of the database server the bench talks to, from its @@pid_file (read-only; never
 * signalled), to read its CPU time. Several servers may run on one machine, so the name alone
 * does not tell which. Undefined when the file is unreadable (a remote server) or names no
 * mariadbd/mysqld process.
 */
export function databasePidFromFile(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    return comm === 'mariadbd' || comm === 'mysqld' ? pid : undefined;
  } catch {
    return undefined;
  }
}
