// The reconnect dialog's buttons (ReconnectModal.razor), after the .NET 10 template's ReconnectModal.razor.js.
const modal = document.getElementById("components-reconnect-modal");

modal?.addEventListener("components-reconnect-state-changed", event => {
    if (event.detail.state === "failed") {
        document.addEventListener("visibilitychange", retryWhenVisible);
    } else if (event.detail.state === "rejected") {
        location.reload();
    }
});

document.getElementById("components-reconnect-button")?.addEventListener("click", retry);
document.getElementById("components-resume-button")?.addEventListener("click", resume);
document.getElementById("jarvis-reload-button")?.addEventListener("click", () => location.reload());

// true: back on the same circuit; false: the server answered but no longer has it (resume it from its saved state);
// an exception: the server cannot be reached yet (try again once the tab is visible).
async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        if (!await Blazor.reconnect()) {
            await resume();
        }
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function resume() {
    try {
        if (!await Blazor.resumeCircuit()) {
            location.reload();
        }
    } catch {
        location.reload();
    }
}

async function retryWhenVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}
