/** The external tools plans need, with the command a user can run to install each one. */
import { Executables, ToolRequirement } from './types';

/** Install commands for Debian/Ubuntu-like machines (what Hotline's own setup script uses). */
const INSTALL: Record<string, (exe: string) => string> = {
  'py-spy': (python) => `${python} -m pip install py-spy`,
  python: () => 'sudo apt-get install -y python3',
  node: () => 'sudo apt-get install -y nodejs',
  go: () => 'sudo apt-get install -y golang-go',
  cargo: () => 'curl --proto =https -sSf https://sh.rustup.rs | sh',
  perf: () => 'sudo apt-get install -y linux-perf',
  valgrind: () => 'sudo apt-get install -y valgrind',
  gcc: () => 'sudo apt-get install -y gcc',
  'g++': () => 'sudo apt-get install -y g++',
};

const DEFAULT_COMMAND: Record<string, keyof Executables> = {
  python: 'python',
  node: 'node',
  go: 'go',
  cargo: 'cargo',
  'py-spy': 'pyspy',
  perf: 'perf',
  valgrind: 'valgrind',
  gcc: 'cc',
  'g++': 'cxx',
};

const PATH_NAME: Record<string, string> = { python: 'python3', gcc: 'gcc', 'g++': 'g++' };

/** The executable to run for a tool: the configured one, else its usual name on PATH. */
export function executable(tool: string, exes: Executables | undefined): string {
  const key = DEFAULT_COMMAND[tool];
  const configured = key ? exes?.[key]?.trim() : undefined;
  return configured || PATH_NAME[tool] || tool;
}

export function requirement(tool: string, exes: Executables | undefined): ToolRequirement {
  const python = executable('python', exes);
  const hint = INSTALL[tool]?.(python) ?? `install ${tool}`;
  return { tool, command: executable(tool, exes), installHint: hint };
}
