export function threadTimes(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of Deno.readDirSync("/proc/self/task")) {
    const comm = Deno.readTextFileSync(`/proc/self/task/${e.name}/comm`).trim();
    const stat = Deno.readTextFileSync(`/proc/self/task/${e.name}/stat`);
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(f[11]) + Number(f[12]);
    out[`${comm}#${e.name}`] = ticks / 100;
  }
  return out;
}
