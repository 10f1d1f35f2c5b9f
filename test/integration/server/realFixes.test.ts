// The Go and Rust quick fixes applied to small programs built from findings on real code (the study's
// corpora: Go's standard library and commands, popular crates; docs/lint-study/), rewritten, then
// checked by the real toolchains: gofmt -e, go vet and go build; rustc through cargo check.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyAllFixes, cargoOutputs, count, run, scratch } from './fixKit';

// Like crypto/x509/pkix's RDNSequence.String and go/types' pathString (go/string-concat-in-loop),
// x509's OCSP server list and cmd/compile's createSimpleVars (go/append-without-prealloc, a `var` slice
// and one with a `continue`), a short-declared slice filled from a parameter, and cgo's setgid check
// (go/goroutine-leak: a timeout abandons the unbuffered send).
const goProgram = `package main

import (
	"fmt"
	"time"
)

type attr struct{ typ, value string }

func rdnString(rdns [][]attr) string {
	s := ""
	for i, rdn := range rdns {
		if i > 0 {
			s += ","
		}
		for j, tv := range rdn {
			if j > 0 {
				s += "+"
			}
			s += tv.typ + "=" + tv.value
		}
	}
	return s
}

func pathString(path []string) string {
	var s string
	for i, p := range path {
		if i > 0 {
			s += "->"
		}
		s += p
	}
	return s
}

type access struct {
	method int
	url    string
}

func ocsp(servers []string) []access {
	var values []access
	for _, name := range servers {
		values = append(values, access{method: 1, url: name})
	}
	return values
}

func simpleVars(decls []string) []string {
	var vars []string
	for _, n := range decls {
		if n == "" {
			continue
		}
		vars = append(vars, "v."+n)
	}
	return vars
}

func names(fields []attr) []string {
	out := []string{}
	for _, f := range fields {
		out = append(out, f.typ)
	}
	return out
}

func setgid(d time.Duration) bool {
	c := make(chan bool)
	go func() {
		time.Sleep(time.Millisecond)
		c <- true
	}()
	select {
	case <-c:
		return true
	case <-time.After(d):
		return false
	}
}

func main() {
	fmt.Println(rdnString([][]attr{{{"CN", "a"}, {"O", "b"}}, {{"C", "c"}}}), pathString([]string{"x", "y"}))
	fmt.Println(ocsp([]string{"u1", "u2"}), simpleVars([]string{"a", "", "b"}), names([]attr{{"t", "v"}}), len(ocsp(nil)), ocsp(nil) == nil)
	fmt.Println(setgid(time.Second))
}
`;

// Like regex-automata's RegexInfo::new and parse_many (rs/vec-without-capacity: a clone per element, a
// `?` in the loop), and the labelled corpus's lookups (rs/clone-in-loop: no real crate had one).
const rustProgram = `#[derive(Clone, Debug)]
struct Props {
    len: usize,
}

fn props(hirs: &[String]) -> Vec<Props> {
    let mut props = vec![];
    for hir in hirs.iter() {
        props.push(Props { len: hir.len() }.clone());
    }
    props
}

fn parse_many(patterns: &[&str]) -> Result<Vec<usize>, std::num::ParseIntError> {
    let mut out = vec![];
    for p in patterns.iter() {
        out.push(p.parse::<usize>()?);
    }
    Ok(out)
}

fn hits(keys: &[String], names: &Vec<String>) -> usize {
    let mut n = 0;
    for k in keys {
        if names.clone().contains(k) {
            n += 1;
        }
        if k.clone().is_empty() {
            n += 10;
        }
    }
    n
}

fn main() {
    let words: Vec<String> = vec!["a".into(), "".into()];
    println!("{:?} {:?} {}", props(&words), parse_many(&["1", "22"]), hits(&words, &words));
}
`;

describe('quick fixes applied to findings from real code still compile and run the same', () => {
  it('Go: strings.Builder, make(…, 0, n) and a buffered channel pass gofmt -e, go vet and go build', async () => {
    const { text, applied } = await applyAllFixes(goProgram, 'go');
    assert.equal(count(applied, 'go/string-concat-in-loop'), 2, applied.join()); // one Builder per function
    assert.equal(count(applied, 'go/append-without-prealloc'), 3, applied.join());
    assert.equal(count(applied, 'go/goroutine-leak'), 1, applied.join());
    assert.match(text, /if len\(servers\) > 0 \{\n\t\tvalues = make\(\[\]access, 0, len\(servers\)\)/);
    const outputs: string[] = [];
    for (const [name, source] of [
      ['before', goProgram],
      ['after', text],
    ]) {
      const dir = scratch(`go-real-${name}`);
      writeFileSync(join(dir, 'go.mod'), 'module realfixes\n\ngo 1.22\n');
      writeFileSync(join(dir, 'main.go'), source);
      run('gofmt', ['-e', '-l', 'main.go'], dir);
      run('go', ['vet', '.'], dir, { GOTOOLCHAIN: 'local' });
      run('go', ['build', '-o', 'prog', '.'], dir, { GOTOOLCHAIN: 'local' });
      outputs.push(run(join(dir, 'prog'), [], dir));
    }
    assert.equal(outputs[1], outputs[0]);
  });

  it('Rust: Vec::with_capacity and the clone removal pass cargo check and run the same', async () => {
    const { text, applied } = await applyAllFixes(rustProgram, 'rust');
    assert.equal(count(applied, 'rs/vec-without-capacity'), 2, applied.join());
    assert.equal(count(applied, 'rs/clone-in-loop'), 2, applied.join());
    assert.match(text, /Vec::with_capacity\(hirs\.len\(\)\)/);
    const outputs = cargoOutputs('real-fixes', { before: rustProgram, after: text });
    assert.equal(outputs[1], outputs[0]);
  });
});
