import { assert, assertEquals } from "../tests/assert.ts";
import { diskStats, readSystemStats } from "./system_stats.ts";

Deno.test("system stats read this process's CPU and memory and the data dir's disk", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const s = readSystemStats({ dataDir: dir });
    assert(s.process.cpuUserSeconds > 0);
    assert(s.process.residentBytes > s.process.heapUsedBytes);
    assert(s.process.startTimeSeconds <= Date.now() / 1000);
    assert(s.process.startTimeSeconds > Date.now() / 1000 - 3_600);
    assert(s.host.cpus >= 1);
    assert(s.host.cpuSeconds.idle > 0);
    assert(s.host.memoryAvailableBytes <= s.host.memoryTotalBytes);
    assert(s.disk !== undefined);
    assert(s.disk.availableBytes <= s.disk.freeBytes && s.disk.freeBytes <= s.disk.totalBytes);
    assert(s.disk.totalBytes > 0);
  } finally {
    Deno.removeSync(dir);
  }
  assertEquals(diskStats("/no/such/dir/anywhere"), undefined);
  assertEquals(readSystemStats().disk, undefined);
});
