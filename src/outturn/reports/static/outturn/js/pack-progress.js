// Follows a pack version's build: polls its progress and reloads the page when it is done.
// Without JavaScript the page says how far the build had got and offers a refresh link.
const POLL_MS = 2000

for (const box of document.querySelectorAll('[data-version-progress]')) {
  const text = box.querySelector('[data-progress-text]')
  const bar = box.querySelector('progress')
  const poll = async () => {
    const response = await fetch(box.dataset.versionProgress, { credentials: 'same-origin' })
    if (!response.ok) return
    const status = await response.json()
    text.textContent = `${status.state_label}, ${status.progress}% done. ${status.message}.`
    bar.value = status.progress
    if (status.state === 'ready' || status.state === 'failed') {
      window.location.reload()
    } else {
      window.setTimeout(poll, POLL_MS)
    }
  }
  window.setTimeout(poll, POLL_MS)
}
