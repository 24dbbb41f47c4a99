import type { Confirmation } from "hasync";
import { describe, expect, it } from "vitest";
import { replay } from "../api/resource.js";
import { withConfirmation, withoutConfirmation } from "./useConfirmations.js";

const held = (id: string, deadline: string): Confirmation => ({
  id,
  device_id: "d1",
  device_name: "Assistant",
  service: "lock.unlock",
  entities: [{ entity_id: "lock.front_door", name: "Front door" }],
  data: {},
  via: "mcp",
  asked_at: "2026-01-01T10:00:00Z",
  deadline_at: deadline,
});

describe("the live list of held calls", () => {
  it("adds each once, by deadline, and drops resolved ones", () => {
    let list = { confirmations: [] as Confirmation[] };
    list = withConfirmation(list, held("b", "2026-01-01T10:02:00Z"));
    list = withConfirmation(list, held("a", "2026-01-01T10:01:00Z"));
    list = withConfirmation(list, held("b", "2026-01-01T10:02:00Z"));
    expect(list.confirmations.map((c) => c.id)).toEqual(["a", "b"]);
    expect(withoutConfirmation(list, "a").confirmations.map((c) => c.id)).toEqual(["b"]);
  });

  it("replays events that arrived while the list was being read onto its answer", () => {
    // Pending then resolved while GET was in flight: the answer (read before either) ends empty.
    const changes = [
      (l: { confirmations: Confirmation[] }) => withConfirmation(l, held("a", "2026-01-01T10:01:00Z")),
      (l: { confirmations: Confirmation[] }) => withoutConfirmation(l, "a"),
    ];
    expect(replay({ confirmations: [] }, changes).confirmations).toEqual([]);
    // The answer already holds the call the pending event brings: still one.
    const answer = { confirmations: [held("a", "2026-01-01T10:01:00Z")] };
    expect(replay(answer, changes.slice(0, 1)).confirmations).toHaveLength(1);
  });
});
