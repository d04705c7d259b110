import type { Page } from 'playwright-core';

/** A viewport the designer must fit. */
export const DESIGNER_VIEWPORT = { width: 1280, height: 800 };

/** Waits until the designer has saved every edit (the header says 草稿已保存). */
export async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
}

/** Types an id into an id box and commits it with Enter (ids are committed whole, not per letter). */
export async function setId(page: Page, name: string, id: string): Promise<void> {
  const box = page.locator(`input[name="${name}"]`);
  await box.fill(id);
  await box.press('Enter');
  await page.locator(`input[name="${name}"][value="${id}"]`).waitFor();
}

/** Draws a transition on the canvas by dragging from one state's source handle to another's target handle. */
export async function drawTransition(page: Page, from: string, to: string): Promise<void> {
  const source = page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source`);
  const target = page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`);
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Selects a transition from the canvas's overview list (keyboard-reachable, unlike a thin edge). */
export async function openTransition(page: Page, id: string): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.locator('.side-panel .item-list button', { has: page.locator(`small:text-is("${id}")`) }).click();
  await page.locator(`[data-testid="transition-panel"] input[name="transition-id"][value="${id}"]`).waitFor();
}
