//! The screenshots of the documentation (`docs/img/`): the fill form, and a report page as
//! printed (print media emulated on an A4-shaped window). Not a check: run it by hand when
//! the pages change, with
//! `cargo test -p repere-web --test screenshots -- --ignored`.

mod common;

use std::path::Path;
use std::time::Duration;

use headless_chrome::protocol::cdp::{Emulation, Page};
use headless_chrome::{Browser, LaunchOptions};

fn shoot(width: u32, height: u32, url: &str, print: bool, out: &Path) {
    let options = LaunchOptions::default_builder()
        .path(Some("/usr/bin/chromium".into()))
        .headless(true)
        .sandbox(false)
        .window_size(Some((width, height)))
        .build()
        .unwrap();
    let browser = Browser::new(options).unwrap();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    if print {
        tab.call_method(Emulation::SetEmulatedMedia {
            media: Some("print".to_owned()),
            features: None,
        })
        .unwrap();
    }
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let png = tab
        .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::write(out, png).unwrap();
}

#[test]
#[ignore = "writes the documentation's screenshots"]
fn screenshots() {
    let img = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/img");
    std::fs::create_dir_all(&img).unwrap();
    // An example of the catalogue: an observed public meeting, five dimensions.
    let example = "e7-grand-debat-reunion.observation.toml";
    let s = common::start_with(|dir| {
        let ex = repere_catalog::examples()
            .into_iter()
            .find(|e| e.file == example)
            .unwrap();
        std::fs::write(dir.join("reunion.toml"), ex.text).unwrap();
    });
    // The cookie is per browser: each shot opens the page with the token in its URL (the
    // app moves it into the cookie and redirects to the page).
    let fill = s
        .url
        .replace("/?token=", "/fill?f=closing.toml&c=independance&token=");
    shoot(900, 1000, &fill, false, &img.join("fill-form.png"));
    let report = s.url.replace("/?token=", "/report?f=reunion.toml&token=");
    shoot(794, 1123, &report, true, &img.join("report-print.png"));
}
