import type { Device, HaDashboardList, InterfaceStatus } from "hasync";
import { type FormEvent, useState } from "react";
import { useResource } from "../api/resource.js";
import { Card, ErrorNotice, Loading, Notice } from "../components/ui.js";
import { useDevicePatch } from "../devices/useDevicePatch.js";
import {
  atLimit,
  clientName,
  type DashboardChoice,
  dashboardChoices,
  dashboardsInWords,
  sameDashboards,
  toggleDashboard,
} from "./dashboards.js";
import { INTERFACE_SETTINGS_PATH } from "./InterfaceSettingsCard.js";

interface Props {
  device: Device;
  onSaved: (device: Device) => void;
}

/**
 * Which of Home Assistant's dashboards the device may open when it runs HA's interface, besides
 * the Overview HAsync generates from its scope (by area), and which login client paired it.
 */
export function DashboardsCard({ device, onSaved }: Props) {
  const list = useResource<HaDashboardList>("admin/ha/dashboards");
  const [draft, setDraft] = useState<string[]>();
  const { busy, error, done, setDone, patch } = useDevicePatch(device, onSaved);
  const chosen = draft ?? device.dashboards;
  const listed = list.data?.dashboards ?? [];
  const changed = draft !== undefined && !sameDashboards(draft, device.dashboards);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (draft === undefined) return;
    patch({ dashboards: draft }, `Saved. ${dashboardsInWords(draft, listed)}`, () => setDraft(undefined));
  };

  return (
    <Card title="Home Assistant dashboards" headingId="dashboards">
      {device.client_id && (
        <p>
          Signed in through Home Assistant’s login from <strong>{clientName(device.client_id)}</strong>.
        </p>
      )}
      <InterfaceInUse />
      <p>
        In Home Assistant’s interface, {device.name} opens the Overview HAsync generates from its scope, by
        area. It may also open the dashboards picked here.
      </p>
      {!list.data && list.loading && <Loading />}
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data?.reason && <Notice tone="info">{list.data.reason}</Notice>}
      {list.data && (
        <form onSubmit={save}>
          <Choices
            rows={dashboardChoices(listed, chosen)}
            full={atLimit(chosen)}
            busy={busy}
            onToggle={(path) => {
              setDone(undefined);
              setDraft(toggleDashboard(chosen, path));
            }}
          />
          <p className="hint" id="dashboards-warning">
            A dashboard’s cards may name entities outside {device.name}’s scope: those show as unavailable.
          </p>
          {changed && (
            <div className="row end">
              <button type="button" className="button" disabled={busy} onClick={() => setDraft(undefined)}>
                Cancel
              </button>
              <button type="submit" className="button primary" disabled={busy}>
                Save dashboards
              </button>
            </div>
          )}
        </form>
      )}
      {done && <Notice tone="good">{done}</Notice>}
      <ErrorNotice error={error} />
    </Card>
  );
}

/** A reminder when the device address does not serve HA's interface now (the choice is in Settings). */
function InterfaceInUse() {
  const status = useResource<InterfaceStatus>(INTERFACE_SETTINGS_PATH);
  const s = status.data;
  if (!s || (s.device_interface === "home_assistant" && s.ha_frontend.available)) return null;
  return (
    <p className="muted">
      Devices get HAsync’s dashboard now (see Settings, “Interface on devices”); this applies when they get
      Home Assistant’s interface.
    </p>
  );
}

interface ChoicesProps {
  rows: DashboardChoice[];
  /** At the contract's limit: only removing is possible. */
  full: boolean;
  busy: boolean;
  onToggle: (path: string) => void;
}

function Choices({ rows, full, busy, onToggle }: ChoicesProps) {
  return (
    <fieldset className="dashboard-choice" disabled={busy} aria-describedby="dashboards-warning">
      <legend>Also allowed</legend>
      {rows.map((r) => {
        const hintId = `dashboard-${r.url_path}-hint`;
        return (
          <label key={r.url_path} className="radio-card">
            <input
              type="checkbox"
              checked={r.chosen}
              disabled={full && !r.chosen}
              aria-describedby={hintId}
              onChange={() => onToggle(r.url_path)}
            />
            <span>
              <strong>
                {r.title}
                {r.missing && <span className="tag tag-warn">Missing</span>}
              </strong>
              <span className="hint" id={hintId}>
                {r.hint}
              </span>
            </span>
          </label>
        );
      })}
      {full && <p className="hint">That is the most a device may have; remove one to add another.</p>}
    </fieldset>
  );
}
