/** CPU seconds (user + system) a process has used, from /proc (Linux). */
export async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  // Fields after the parenthesised command name; utime and stime are 14th and 15th overall.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** True while a process with `pid` exists (and is not a zombie). */
export async function processAlive(pid: number): Promise<boolean> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Pids of the direct children of `pid`, over all its threads. */
export async function childPids(pid: number): Promise<number[]> {
  const pids: number[] = [];
  for await (const task of Deno.readDir(`/proc/${pid}/task`)) {
    const text = await Deno.readTextFile(`/proc/${pid}/task/${task.name}/children`).catch(() => "");
    for (const p of text.split(" ")) if (p.trim()) pids.push(Number(p));
  }
  return pids;
}

/**
 * Per thread of `pid`, nanoseconds spent running and waiting to run (from
 * `/proc/<pid>/task/<tid>/schedstat`). A spinning thread is runnable all the
 * time, whatever the load: running when it has a core, queued when not.
 */
export async function threadRunnableNs(pid: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const task of Deno.readDir(`/proc/${pid}/task`)) {
    const text = await Deno.readTextFile(`/proc/${pid}/task/${task.name}/schedstat`).catch(() =>
      ""
    );
    const [run, wait] = text.split(" ").map(Number);
    if (run !== undefined && wait !== undefined) out.set(`${pid}/${task.name}`, run + wait);
  }
  return out;
}
