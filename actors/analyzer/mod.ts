/** Worker entry of the analyzer actor. */
import { serveActor } from "../runtime/serve.ts";
import { createAnalyzerActor } from "./actor.ts";

serveActor(createAnalyzerActor);
