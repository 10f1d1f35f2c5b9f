import { ProfileBuilder, type FrameKind, type Profile, type ProfileMetadata } from '../../../src/core/model/profile';

/**
 * Builds a profile from folded lines "a;b;c 10". A frame written "lib:name" is a library frame
 * (file under site-packages), "rt:name" a runtime frame; others are user code in app.py.
 */
export function folded(lines: string[], meta: Partial<ProfileMetadata> = {}): Profile {
  const b = new ProfileBuilder({ format: 'folded', ...meta });
  for (const line of lines) {
    const sp = line.lastIndexOf(' ');
    const frames = line
      .slice(0, sp)
      .split(';')
      .map((f) => {
        const [prefix, name] = f.includes(':') ? (f.split(':') as [string, string]) : ['', f];
        const kind: FrameKind = prefix === 'lib' ? 'library' : prefix === 'rt' ? 'runtime' : 'user';
        const file = kind === 'library' ? '/usr/lib/python3/site-packages/lib.py' : kind === 'runtime' ? null : 'app.py';
        return b.frame({ name, file, line: 1, kind });
      });
    b.addSample(frames, [Number(line.slice(sp + 1))]);
  }
  return b.build();
}
