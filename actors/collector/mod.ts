/** Worker entry of the collector actor. */
import { serveActor } from "../runtime/serve.ts";
import { createCollectorActor } from "./actor.ts";

serveActor(createCollectorActor);
