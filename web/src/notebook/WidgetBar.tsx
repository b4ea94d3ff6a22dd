import { useEffect, useState } from 'react';
import type { Widget } from './kernel';

/**
 * The notebook's input widgets (defined by dbutils.widgets.text/dropdown in a Python or Scala cell,
 * CREATE WIDGET in a SQL cell), above the cells as in Databricks. A changed value is given to the
 * notebook's contexts; cells read it with dbutils.widgets.get, ${name} or :name on their next run.
 */
export function WidgetBar(props: {
  widgets: Widget[];
  error?: string;
  onSet: (name: string, value: string) => Promise<void>;
}) {
  if (props.widgets.length === 0 && !props.error) return null;
  return (
    <div className="widgets" data-testid="widgets">
      {props.widgets.map((w) => (
        <WidgetInput key={w.name} widget={w} onSet={props.onSet} />
      ))}
      {props.error && <span className="error inline">{props.error}</span>}
    </div>
  );
}

function WidgetInput({ widget, onSet }: { widget: Widget; onSet: (name: string, value: string) => Promise<void> }) {
  const [value, setValue] = useState(widget.value ?? '');
  const [saving, setSaving] = useState(false);
  useEffect(() => setValue(widget.value ?? ''), [widget.value]);
  const commit = async (v: string) => {
    if (v === widget.value) return;
    setSaving(true);
    try {
      await onSet(widget.name, v);
    } finally {
      setSaving(false);
    }
  };
  const label = widget.label || widget.name;
  return (
    <label className="widget" data-widget={widget.name}>
      <span className="small muted">
        {label}
        {saving ? ' (saving…)' : ''}
      </span>
      {widget.kind === 'dropdown' ? (
        <select
          aria-label={label}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            void commit(e.target.value);
          }}
        >
          {widget.choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          aria-label={label}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onBlur={() => void commit(value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void commit(value);
          }}
        />
      )}
    </label>
  );
}
