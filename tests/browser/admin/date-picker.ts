/**
 * The design system's DatePicker worked as a person works it: typing a date into its field, or opening
 * its calendar and clicking a day. The field is a combobox named by the picker's `aria-label`.
 */
import type { Locator, Page } from 'playwright-core';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const datePicker = (page: Page, label: string): Locator => page.getByRole('combobox', { name: label, exact: true });

/** Types `typed` as the admin's locale writes dates (`03/02/2026` in en-US) key by key, then Enter, which the picker takes as the choice. */
export async function typeDate(page: Page, label: string, typed: string): Promise<void> {
  const field = datePicker(page, label);
  await field.click();
  await field.pressSequentially(typed);
  await field.press('Enter');
}

/** Opens the calendar from the field, chooses the month and year in its selects, and clicks the day. */
export async function clickDate(page: Page, label: string, date: { year: number; month: number; day: number }): Promise<void> {
  await datePicker(page, label).click();
  const calendar = page.getByRole('dialog', { name: 'Choose date' });
  await calendar.waitFor();
  const choose = async (select: string, option: string) => {
    await calendar.getByRole('combobox', { name: select }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };
  const monthName = MONTHS[date.month - 1];
  await choose('Month', monthName);
  await choose('Year', String(date.year));
  // A cell is named by its whole date ("Monday, March 2, 2026"), so days of the months around are not taken for it.
  const weekday = WEEKDAYS[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()];
  await calendar.getByRole('gridcell', { name: `${weekday}, ${monthName} ${date.day}, ${date.year}`, exact: true }).click();
  await calendar.waitFor({ state: 'hidden' });
}

/** The picker's clear button, beside its field. */
export const clearDate = (page: Page, label: string) => datePicker(page, label).locator('xpath=..').getByRole('button', { name: 'Clear filter' }).click();
