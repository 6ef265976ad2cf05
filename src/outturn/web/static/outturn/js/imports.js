// Follow a running import without reloading: poll its status and update the text and the
// bar (the text is in a polite live region). Without JavaScript the page has a "Check
// progress" link instead. When the import ends the page reloads to show the outcome.
const POLL_MS = 2000

for (const box of document.querySelectorAll('[data-module="app-import-progress"]')) {
  const url = box.dataset.statusUrl
  const state = box.querySelector('.app-import-progress__state')
  const stage = box.querySelector('.app-import-progress__stage')
  const rows = box.querySelector('.app-import-progress__rows')
  const bar = box.querySelector('.app-import-progress__bar')
  const number = new Intl.NumberFormat('en-GB')

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) return setTimeout(poll, POLL_MS * 2)
      const status = await response.json()
      if (status.finished) return window.location.reload()
      state.textContent = status.state_label
      stage.textContent = status.stage_label ? `: ${status.stage_label.toLowerCase()}` : ''
      rows.textContent = status.rows_total
        ? `${number.format(status.rows_done)} of ${number.format(status.rows_total)} rows.`
        : ''
      bar.value = status.percent
      bar.textContent = `${status.percent}%`
    } catch (error) {
      // A dropped connection: keep trying, more slowly.
      return setTimeout(poll, POLL_MS * 2)
    }
    setTimeout(poll, POLL_MS)
  }
  setTimeout(poll, POLL_MS)
}
