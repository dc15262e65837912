import { createInProcessBus, type PortBus } from "../bus/in_process/mod.ts";
import type { Bus } from "../bus/types.ts";
import { runBatchContract } from "./bus_batch_contract.ts";
import { type MakeFixture, runBusContract } from "./bus_contract.ts";
import { runHoldContract } from "./bus_hold_contract.ts";

// The in-process transport over real MessageChannels, the same link a worker uses.
const makeFixture: MakeFixture = (policies) => {
  const transport = createInProcessBus({ policies });
  const open: Bus[] = [];
  return Promise.resolve({
    open: () => {
      const bus = transport.connect({ retryDelayMs: 5 });
      open.push(bus);
      return Promise.resolve(bus);
    },
    injectRaw: async (topic, _key, raw) => {
      await transport.broker.publishRaw(topic, raw);
    },
    kill: async (bus) => {
      open.splice(open.indexOf(bus), 1);
      await transport.kill(bus as PortBus);
    },
    dispose: async () => {
      await Promise.all(open.map((b) => b.close()));
    },
  });
};
runBusContract("in-process", makeFixture);
runBatchContract("in-process", makeFixture);
runHoldContract("in-process", makeFixture);
