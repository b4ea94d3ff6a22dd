import { useEffect, useRef } from 'react';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import {
  EditorView, drawSelection, highlightActiveLine, highlightSpecialChars, keymap, lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  StreamLanguage, bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting,
} from '@codemirror/language';
import { python } from '@codemirror/lang-python';
import { sql } from '@codemirror/lang-sql';
import { markdown } from '@codemirror/lang-markdown';
import { scala } from '@codemirror/legacy-modes/mode/clike';
import { shell } from '@codemirror/legacy-modes/mode/shell';
import { r } from '@codemirror/legacy-modes/mode/r';
import type { CellKind } from './source';

function languageOf(kind: CellKind) {
  switch (kind) {
    case 'python':
      return python();
    case 'sql':
      return sql();
    case 'scala':
      return StreamLanguage.define(scala);
    case 'md':
      return markdown();
    case 'sh':
      return StreamLanguage.define(shell);
    case 'r':
      return StreamLanguage.define(r);
    default:
      return [];
  }
}

export interface EditorProps {
  value: string;
  kind: CellKind;
  focused: boolean;
  onChange: (value: string) => void;
  onRun: (then: 'stay' | 'advance' | 'insert') => void;
  onEscape: () => void;
  onFocus: () => void;
}

/** One CodeMirror 6 editor for one cell. */
export function Editor(props: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const lang = useRef(new Compartment());
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const run = (then: 'stay' | 'advance' | 'insert') => () => {
      latest.current.onRun(then);
      return true;
    };
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          Prec.highest(
            keymap.of([
              { key: 'Shift-Enter', run: run('advance') },
              { key: 'Mod-Enter', run: run('stay') },
              { key: 'Alt-Enter', run: run('insert') },
              {
                key: 'Escape',
                run: () => {
                  latest.current.onEscape();
                  return true;
                },
              },
            ]),
          ),
          lineNumbers(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          lang.current.of(languageOf(props.kind)),
          EditorView.lineWrapping,
          EditorView.updateListener.of((u) => {
            if (u.docChanged) latest.current.onChange(u.state.doc.toString());
            if (u.focusChanged && u.view.hasFocus) latest.current.onFocus();
          }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: lang.current.reconfigure(languageOf(props.kind)) });
  }, [props.kind]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
    }
  }, [props.value]);

  useEffect(() => {
    const v = view.current;
    if (props.focused && v && !v.hasFocus) {
      v.focus();
      v.dispatch({ selection: { anchor: v.state.doc.length } });
    }
  }, [props.focused]);

  return <div className="editor" ref={host} />;
}
