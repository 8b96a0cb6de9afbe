/** @jest-environment jsdom */
// What a page shows when it cannot start: the reason, and a Try again unless a retry cannot help.
import './support/jsdom';
import { act, screen } from '@testing-library/react';
import { createRoot, type Root } from 'react-dom/client';
import { SignInProblem } from '../../addin/src/host/types';
import { renderStartupFailure } from '../../addin/src/ui/boot';

let root: Root;
let container: HTMLElement;

beforeEach(() => {
  container = document.body.appendChild(document.createElement('div'));
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('a page that cannot start', () => {
  it('says why and starts over on Try again', async () => {
    const retry = jest.fn();
    act(() => renderStartupFailure(root, new Error('Office.js could not be loaded. Check your connection, then select Try again.'), retry));

    const button = await screen.findByRole('button', { name: 'Try again' });
    expect(screen.getByRole('alert').textContent).toBe('Followthrough could not startOffice.js could not be loaded. Check your connection, then select Try again.Try again');
    act(() => button.click());
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('offers no retry for a sign-in problem a retry cannot change', async () => {
    act(() => renderStartupFailure(root, new SignInProblem('Followthrough is not set up correctly for single sign-on in this organization. Tell your administrator (Office error 13004).', '13004', false), jest.fn()));

    await screen.findByText('Followthrough is not set up correctly for single sign-on in this organization. Tell your administrator (Office error 13004).');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});
