import { assertEquals } from "../../tests/assert.ts";
import { type ParentFrameHandlers, routeParentFrame } from "./parent_frame.ts";

/** Handlers that record what each frame was routed to. */
function recorder(): { seen: string[]; on: ParentFrameHandlers } {
  const seen: string[] = [];
  return {
    seen,
    on: {
      bus: (f) => seen.push(`bus ${(f as { t: string }).t}`),
      init: (f) => seen.push(`init ${f.name}`),
      msg: (m) => seen.push(`msg ${JSON.stringify(m)}`),
      metrics: (id) => seen.push(`metrics ${id}`),
      invalid: (reason) => seen.push(`invalid: ${reason}`),
    },
  };
}

Deno.test("an actor routes each frame from its supervisor by its tag", () => {
  const { seen, on } = recorder();
  routeParentFrame({ t: "ack", tags: [1] }, on);
  routeParentFrame({ t: "msg", message: { type: "control" } }, on);
  routeParentFrame({ t: "metrics", id: 7 }, on);
  routeParentFrame({ t: "thread-watch" }, on);
  assertEquals(seen, ["bus ack", 'msg {"type":"control"}', "metrics 7"]);
});

Deno.test("an actor drops a frame it does not know with the reason, and never throws on it", () => {
  const { seen, on } = recorder();
  routeParentFrame({ t: "drain-now" }, on);
  routeParentFrame({ tag: "msg" }, on);
  routeParentFrame(null, on);
  routeParentFrame("init", on);
  routeParentFrame({ t: 10n }, on);
  assertEquals(seen, [
    'invalid: expected a frame tag, received "drain-now"',
    "invalid: expected a frame tag, received none",
    "invalid: expected a frame object, received null",
    'invalid: expected a frame object, received "init"',
    "invalid: expected a frame tag, received 10",
  ]);
});
