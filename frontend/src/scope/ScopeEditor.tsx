import type { Scope } from "hasync";
import type { ReactNode } from "react";
import { Card, ErrorNotice, Loading } from "../components/ui.js";
import { ScopePicker } from "./ScopePicker.js";
import { useCatalog } from "./useCatalog.js";

interface Props {
  scope: Scope;
  onChange: (scope: Scope) => void;
  title?: string;
  actions?: ReactNode;
  children?: ReactNode;
}

/** The scope picker in a card, over Home Assistant's current areas and entities. */
export function ScopeEditor({
  scope,
  onChange,
  title = "What may it see and do?",
  actions,
  children,
}: Props) {
  const { catalog, error, reload } = useCatalog();
  return (
    <Card title={title} headingId="scope" actions={actions} className="scope-card">
      {!catalog && !error && <Loading label="Loading Home Assistant’s areas and entities…" />}
      <ErrorNotice error={error} onRetry={reload} />
      {catalog && <ScopePicker catalog={catalog} scope={scope} onChange={onChange} />}
      {children}
    </Card>
  );
}
