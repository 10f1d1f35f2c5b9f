// A deliberately leaking panel: every "Open panel" builds a small DOM subtree (one <div> holding a
// heading and a list), adds a window 'resize' listener that is never removed, then closes the panel
// (removes it from the document) but keeps it in a module-level array. Each open therefore leaves one
// detached HTMLDivElement (and its children) retained by JS, and one more listener on window.
const closedPanels: HTMLElement[] = [];

function buildPanel(title: string): HTMLElement {
  const panel = document.createElement('div');
  panel.className = 'panel';
  const heading = document.createElement('h2');
  heading.textContent = title;
  const list = document.createElement('ul');
  for (let i = 0; i < 5; i++) {
    const item = document.createElement('li');
    item.textContent = `${title}: item ${i + 1}`;
    list.appendChild(item);
  }
  panel.append(heading, list);
  return panel;
}

export function openPanel(): void {
  const panel = buildPanel(`Panel ${closedPanels.length + 1}`);
  document.body.appendChild(panel);
  // The listener is never removed, and its closure keeps the panel alive too.
  window.addEventListener('resize', function fitPanel() { panel.style.maxWidth = `${window.innerWidth / 2}px`; }); // hotline-example: page-leak
  panel.remove();
  closedPanels.push(panel);
}

document.getElementById('open-panel')?.addEventListener('click', openPanel);
