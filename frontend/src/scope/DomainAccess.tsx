import type { Scope } from "hasync";
import { useId } from "react";
import { AccessSelect } from "./AccessSelect.js";
import { domainName } from "./domains.js";
import {
  type AccessPreview,
  domainChoice,
  domainDefaultInWords,
  previewInWords,
  setDomainAccess,
} from "./guard.js";

interface Props {
  scope: Scope;
  preview: AccessPreview;
  onChange: (scope: Scope) => void;
}

/**
 * Access per kind of entity present in the scope, each with what Default means for it, and a
 * preview of the outcome over the scope's entities (hasync's `effectiveAccess`, as the server).
 */
export function DomainAccess({ scope, preview, onChange }: Props) {
  const id = useId();
  return (
    <fieldset className="domain-access">
      <legend>Per kind of entity</legend>
      <div className="access-preview" aria-live="polite">
        <p className="access-counts">
          <strong>{previewInWords(preview)}</strong>
        </p>
        {preview.askFirst.length > 0 && (
          <p className="hint ask-first">Asks you first: {preview.askFirst.join(", ")}</p>
        )}
      </div>
      {preview.domains.length === 0 ? (
        <p className="hint">Pick areas or entities below; their kinds appear here.</p>
      ) : (
        <div className="domain-rules">
          {preview.domains.map((domain) => (
            <div key={domain} className="domain-rule">
              <label htmlFor={`${id}-${domain}`}>{domainName(domain)}</label>
              <AccessSelect
                id={`${id}-${domain}`}
                choice={domainChoice(scope, domain)}
                defaultWords={domainDefaultInWords(scope, domain)}
                onChange={(choice) => onChange(setDomainAccess(scope, domain, choice))}
              />
            </div>
          ))}
        </div>
      )}
      <p className="hint">
        Default follows the choice above. With control, locks, alarm panels, valves, garage doors and gates
        ask you first. A single entity can differ: choose in its row below.
      </p>
    </fieldset>
  );
}
