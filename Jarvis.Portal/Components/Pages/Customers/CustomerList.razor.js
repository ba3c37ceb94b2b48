// Keyboard moves in the customers table: ArrowDown from the search box goes to the first row link,
// ArrowDown/ArrowUp move between row links, Enter opens the focused one (it is a plain link).
// A module runs once per page however often the list mounts, so the listener is added once.
const rowLinks = () => Array.from(document.querySelectorAll("a.jarvis-row-link"));

document.addEventListener("keydown", event => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") {
        return;
    }

    const target = event.target;
    if (!(target instanceof HTMLElement)) {
        return;
    }

    const links = rowLinks();
    if (links.length === 0) {
        return;
    }

    if (target.closest(".jarvis-search") && event.key === "ArrowDown") {
        event.preventDefault();
        links[0].focus();
        return;
    }

    const index = links.indexOf(target);
    if (index < 0) {
        return;
    }

    event.preventDefault();
    if (event.key === "ArrowDown" && index + 1 < links.length) {
        links[index + 1].focus();
    } else if (event.key === "ArrowUp") {
        if (index > 0) {
            links[index - 1].focus();
        } else {
            document.querySelector(".jarvis-search input")?.focus();
        }
    }
});
