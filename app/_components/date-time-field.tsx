"use client";

import { useState } from "react";

type Props = { id: string; name: string; label: string; defaultValue?: string; required?: boolean };

/**
 * A date-and-time input in the visitor's own time zone; the form sends the moment as an
 * ISO timestamp, so the server never guesses the zone.
 */
export function DateTimeField({ id, name, label, defaultValue = "", required }: Props) {
  const [local, setLocal] = useState(defaultValue);
  const instant = local ? new Date(local) : null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="datetime-local" value={local} onChange={(event) => setLocal(event.target.value)} required={required} />
      <input type="hidden" name={name} value={instant && !Number.isNaN(instant.getTime()) ? instant.toISOString() : ""} />
    </div>
  );
}
