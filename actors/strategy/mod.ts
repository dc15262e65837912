/** Worker entry of the strategy actor. */
import { serveActor } from "../runtime/serve.ts";
import { createStrategyActor } from "./actor.ts";

serveActor(createStrategyActor);
