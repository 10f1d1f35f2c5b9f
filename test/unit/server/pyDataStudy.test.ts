// py/heavy-import-at-module-level and py/pandas-apply-rows on data-science wheels (docs/lint-study/py-heavy-import-at-module-level.md,
// py-pandas-apply-rows.md): each false positive fixed and each true positive kept, as small excerpts rewritten in
// the test's own words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectSilent, levels as levelsOf } from './helpers';

const py = 'python' as const;
const levels = (id: string, code: string) => levelsOf(id, py, code);

describe('py/heavy-import-at-module-level on real scripts', () => {
  const id = 'py/heavy-import-at-module-level';
  it('ignores a __main__ guard inside a string (pycaret writes one into the code it generates)', async () => {
    await expectSilent(
      id,
      py,
      'import pandas as pd\n\ndef make_api(name):\n    code = """\nif __name__ == "__main__":\n    run(app)\n"""\n    return pd.Series([code])\n',
    );
  });
  it('is a hint when every command uses the module (tsfresh run_tsfresh, mplfinance rcparams) and sure with a subcommand that does not', async () => {
    assert.deepEqual(
      await levels(id, 'import argparse\nimport pandas as pd\n\ndef main():\n    args = argparse.ArgumentParser().parse_args()\n    pd.read_csv(args.path)\n'),
      [['import pandas as pd', 'low']],
    );
    assert.deepEqual(
      await levels(
        id,
        'import argparse\nimport pandas as pd\n\ndef report(a):\n    print(pd.read_csv(a.path).describe())\n\ndef version(a):\n    print("1.0")\n\ndef main():\n    sub = argparse.ArgumentParser().add_subparsers()\n    sub.add_parser("report").set_defaults(run=report)\n    sub.add_parser("version").set_defaults(run=version)\n',
      ),
      [['import pandas as pd', 'high']],
    );
  });
});

describe('py/pandas-apply-rows on real code', () => {
  const id = 'py/pandas-apply-rows';
  it('is a hint in tests, over the caller’s own function (pyjanitor join_apply) and in loops that draw per row (mplfinance, mlxtend)', async () => {
    assert.deepEqual(await levels(id, 'def test_square(df):\n    for i, row in df.iterrows():\n        assert row[0] ** 2 == row[1]\n'), [
      ['df.iterrows()', 'low'],
    ]);
    assert.deepEqual(await levels(id, 'def join_apply(df, func, name):\n    return df.join(df.apply(func, axis=1).rename(name))\n'), [
      ['df.apply(func, axis=1)', 'low'],
    ]);
    assert.deepEqual(await levels(id, 'def arrows(corrs, plt):\n    for name, row in corrs.iterrows():\n        plt.arrow(0, 0, row["x"], row["y"])\n'), [
      ['corrs.iterrows()', 'low'],
    ]);
    assert.deepEqual(await levels(id, 'def hide(panels):\n    for i, row in panels.iterrows():\n        row["axes"][1].set_visible(False)\n'), [
      ['panels.iterrows()', 'low'],
    ]);
  });
  it('stays sure over a table of the data (lifelines event table, pycaret group features)', async () => {
    assert.deepEqual(
      await levels(id, 'def variance(df):\n    acc = 0\n    for _, r in df.iterrows():\n        acc += r["observed"] / r["at_risk"]\n    return acc\n'),
      [['df.iterrows()', 'high']],
    );
    assert.deepEqual(await levels(id, 'def transform(X, cols):\n    X["min"] = X[cols].apply(np.min, axis=1)\n    return X\n'), [
      ['X[cols].apply(np.min, axis=1)', 'high'],
    ]);
  });
});
