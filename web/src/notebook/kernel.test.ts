import { describe, expect, it } from 'vitest';
import { LIST_WIDGETS, mergeWidgets, parseWidgets, setWidgetCode, type Widget } from './kernel';

const text = (name: string, value = ''): Widget => ({ name, kind: 'text', label: null, value, choices: [] });

describe('LIST_WIDGETS', () => {
  it('reads the widgets of each language with a command of that language', () => {
    expect(LIST_WIDGETS.python).toContain('dbutils.widgets._widgets().all()');
    expect(LIST_WIDGETS.scala).toBe('println(dbutils.widgets.toJson)');
    expect(LIST_WIDGETS.sql).toBe('SHOW WIDGETS');
  });
});

describe('parseWidgets', () => {
  it('reads the JSON a Python or Scala context prints', () => {
    const data = '[{"name":"who","kind":"text","label":null,"value":"ann","default":"x","choices":[]}]\n';
    expect(parseWidgets('python', { resultType: 'text', data })).toEqual([
      { name: 'who', kind: 'text', label: null, value: 'ann', default: 'x', choices: [] },
    ]);
  });

  it('takes the last JSON line when the Scala REPL printed warnings before it', () => {
    const data = 'warning: 1 deprecation\n[{"name":"a","kind":"dropdown","label":"A","value":"x","choices":["x","y"]}]';
    expect(parseWidgets('scala', { resultType: 'text', data })[0]).toMatchObject({ name: 'a', choices: ['x', 'y'] });
  });

  it('reads an empty list', () => {
    expect(parseWidgets('scala', { resultType: 'text', data: '[]\n' })).toEqual([]);
  });

  it("reads SQL's SHOW WIDGETS table by column name", () => {
    const schema = ['name', 'kind', 'label', 'value', 'default_value', 'choices'].map((name) => ({ name }));
    const data = [
      ['state', 'dropdown', null, 'IL', 'CA', ['CA', 'IL']],
      ['who', 'text', null, 'kiln', 'world', []],
    ];
    expect(parseWidgets('sql', { resultType: 'table', schema, data })).toEqual([
      { name: 'state', kind: 'dropdown', label: null, value: 'IL', choices: ['CA', 'IL'] },
      { name: 'who', kind: 'text', label: null, value: 'kiln', choices: [] },
    ]);
  });

  it('fails on anything else', () => {
    expect(() => parseWidgets('sql', { resultType: 'text', data: 'OK' })).toThrow('could not be read');
    expect(() => parseWidgets('python', { resultType: 'text', data: 'no json' })).toThrow('could not be read');
    expect(() => parseWidgets('python', undefined)).toThrow('could not be read');
  });
});

describe('mergeWidgets', () => {
  it('lists every name once, the first context that has it winning, in order', () => {
    expect(mergeWidgets([[text('a', '1'), text('b')], [text('a', '2'), text('c')], []])).toEqual([text('a', '1'), text('b'), text('c')]);
  });
});

describe('setWidgetCode', () => {
  it('binds the value through each language', () => {
    expect(setWidgetCode('python', 'who', 'ann')).toBe(
      `dbutils.widgets._widgets().bind(__import__('pyspark').SparkContext._jvm.java.util.Collections.singletonMap("who", "ann"))`,
    );
    expect(setWidgetCode('scala', 'who', 'ann')).toBe('dbutils.widgets.bind(java.util.Collections.singletonMap("who", "ann"))');
    expect(setWidgetCode('sql', 'who', 'ann')).toBe("SET WIDGET `who` = 'ann'");
  });

  it('quotes values so that they stay values', () => {
    expect(setWidgetCode('python', 'w', 'a"b\\c\n')).toContain('"w", "a\\"b\\\\c\\n"');
    expect(setWidgetCode('scala', 'w', '$x"')).toContain('"w", "$x\\""');
    expect(setWidgetCode('sql', 'w', "it's \\ ok")).toBe("SET WIDGET `w` = 'it\\'s \\\\ ok'");
  });
});
