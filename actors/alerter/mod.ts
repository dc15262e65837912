/** Worker entry of the alerter actor. */
import { serveActor } from "../runtime/serve.ts";
import { createAlerterActor } from "./actor.ts";

serveActor(createAlerterActor);
