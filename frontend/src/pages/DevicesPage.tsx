import type { Device, HaAreaList } from "hasync";
import { useMemo } from "react";
import { useResource } from "../api/resource.js";
import { DEVICE_TYPE_LABEL } from "../components/devices.js";
import { windowsInWords } from "../components/hours.js";
import { PairScreenHint } from "../components/PairScreenHint.js";
import { Badge, Empty, ErrorNotice, Icon, Loading, Notice, TimeAgo } from "../components/ui.js";
import { useNow } from "../components/useNow.js";
import { useDevices } from "../devices/useDevices.js";
import { expiryInWords } from "../format/time.js";
import { Link, useFlash } from "../router/router.js";
import { hrefOf } from "../router/routes.js";
import { accessInWords, scopeSummary } from "../scope/model.js";

/** Every paired device: online now, last seen, what it sees, when its access ends. */
export function DevicesPage() {
  const devices = useDevices();
  const areas = useResource<HaAreaList>("admin/ha/areas");
  const areaNames = useMemo(
    () => new Map((areas.data?.areas ?? []).map((a) => [a.area_id, a.name])),
    [areas.data],
  );
  const flash = useFlash();
  const list = devices.data?.devices ?? [];

  return (
    <>
      <div className="page-title">
        <h1 tabIndex={-1}>Devices</h1>
        <Link className="button primary" href={hrefOf({ name: "pair" })}>
          Approve a device
        </Link>
      </div>
      {flash && <Notice tone="good">{flash}</Notice>}
      <PairScreenHint />
      {!devices.data && devices.loading && <Loading />}
      <ErrorNotice error={devices.error} onRetry={devices.reload} />
      {devices.data && list.length === 0 && (
        <Empty>
          No device is paired yet. Start pairing on a tablet, TV or kiosk, then approve it under{" "}
          <Link href={hrefOf({ name: "pair" })}>Approve</Link>.
        </Empty>
      )}
      {list.length > 0 && (
        <div className="card table-card">
          <table className="devices">
            <caption className="visually-hidden">Paired devices</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Status</th>
                <th scope="col">Sees</th>
                <th scope="col">Access ends</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <DeviceRow key={d.id} device={d} areaNames={areaNames} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function DeviceRow({ device: d, areaNames }: { device: Device; areaNames: ReadonlyMap<string, string> }) {
  const now = useNow();
  const expiry = expiryInWords(d.expires_at, now);
  return (
    <tr>
      <td data-label="Device">
        <div className="device-cell">
          <Icon name={d.type} label={DEVICE_TYPE_LABEL[d.type]} />
          <div>
            <Link className="strong" href={hrefOf({ name: "device", id: d.id })}>
              {d.name}
            </Link>
            {d.invite_id && <span className="tag">Guest pass</span>}
            <div className="muted small">
              {DEVICE_TYPE_LABEL[d.type]}
              {d.model ? ` · ${d.model}` : ""}
            </div>
          </div>
        </div>
      </td>
      <td data-label="Status">
        {d.online ? (
          <Badge tone="good">Online</Badge>
        ) : (
          <span className="muted">
            {d.last_seen_at ? (
              <>
                Seen <TimeAgo at={d.last_seen_at} />
              </>
            ) : (
              "Never connected"
            )}
          </span>
        )}
      </td>
      <td data-label="Sees">
        <div>
          {d.entity_count} {d.entity_count === 1 ? "entity" : "entities"} · {accessInWords(d.scope.access)}
          <div className="muted small">{scopeSummary(d.scope, areaNames)}</div>
        </div>
      </td>
      <td data-label="Access ends">
        <div>
          {expiry === "expired" ? <Badge tone="bad">Expired</Badge> : expiry}
          {d.hours && <div className="muted small">{windowsInWords(d.hours)}</div>}
        </div>
      </td>
    </tr>
  );
}
