import { haAdvice, howReached } from "../ha/advice.js";
import { useHaStatus } from "../ha/useHaStatus.js";
import { Badge, Card, ErrorNotice, Loading, TimeAgo } from "./ui.js";

const STATE_LABEL = { good: "Connected", info: "Demo", warn: "Connecting", bad: "Token refused" } as const;

/** Home Assistant link status with what to do about it. `details` adds how it is reached. */
export function HaStatusCard({ details = false }: { details?: boolean }) {
  const status = useHaStatus();
  const data = status.data;
  const advice = data ? haAdvice(data) : undefined;
  return (
    <Card
      title="Home Assistant"
      headingId="ha-status"
      className={advice ? `tone-${advice.tone}` : undefined}
      actions={advice && <Badge tone={advice.tone}>{STATE_LABEL[advice.tone]}</Badge>}
    >
      {!data && status.loading && <Loading />}
      <ErrorNotice error={status.error} onRetry={status.reload} />
      {data && advice && (
        <>
          <p className="strong">{advice.title}</p>
          <p>{advice.detail}</p>
          {details && (
            <dl className="facts">
              <dt>Reached</dt>
              <dd>{howReached(data)}</dd>
              <dt>Version</dt>
              <dd>{data.ha_version ?? "not known yet"}</dd>
              <dt>Connected since</dt>
              <dd>{data.connected_since ? <TimeAgo at={data.connected_since} /> : "not connected"}</dd>
              <dt>Shared</dt>
              <dd>
                {data.entity_count} entities in {data.area_count} areas
              </dd>
            </dl>
          )}
        </>
      )}
    </Card>
  );
}
