//! Real components for the reminder tests: a private D-Bus session bus
//! with a notification server that records every call, and an HTTP server
//! on 127.0.0.1 standing for ntfy.

#![expect(
    clippy::used_underscore_binding,
    reason = "the D-Bus signature takes arguments the test server ignores; \
              the code `zbus::interface` generates around them reads them"
)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const NOTIFICATIONS: &str = "org.freedesktop.Notifications";
pub const NOTIFICATIONS_PATH: &str = "/org/freedesktop/Notifications";

/// Whether `tool` can be run; if not, says so, and fails under CI.
pub fn tool_present(tool: &str, probe: &[&str]) -> bool {
    let present = Command::new(tool)
        .args(probe)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !present {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{tool} is missing: .ci/run installs it"
        );
        println!("skipped: {tool} is not installed here");
    }
    present
}

/// A private session bus, stopped when dropped.
pub struct Bus {
    daemon: Child,
    pub address: String,
}

impl Bus {
    pub fn start() -> Option<Bus> {
        if !tool_present("dbus-daemon", &["--version"]) {
            return None;
        }
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        assert!(!address.is_empty(), "dbus-daemon printed no address");
        Some(Bus { daemon, address })
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// One `Notify` call as the server received it.
#[derive(Debug, Clone)]
pub struct Call {
    pub id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
    pub actions: Vec<String>,
}

/// A notification server that records every call.
pub struct Server {
    capabilities: Vec<String>,
    calls: Arc<Mutex<Vec<Call>>>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
#[expect(
    clippy::unused_self,
    reason = "D-Bus methods are called on the served object, even those that answer the same always"
)]
impl Server {
    #[expect(
        clippy::too_many_arguments,
        reason = "Notify takes the eight arguments the notification interface gives it"
    )]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, zbus::OwnedVariant>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut calls = self.calls.lock().unwrap();
        let id = u32::try_from(calls.len() + 1).unwrap();
        calls.push(Call {
            id,
            app_name,
            summary,
            body,
            actions,
        });
        id
    }

    fn get_capabilities(&self) -> Vec<String> {
        self.capabilities.clone()
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "test-server".to_owned(),
            "suivi".to_owned(),
            "1.0".to_owned(),
            "1.2".to_owned(),
        )
    }

    fn close_notification(&self, _id: u32) {}
}

/// Serves notifications on `bus` with `capabilities`, until the connection
/// returned is dropped.
pub fn serve(bus: &Bus, capabilities: &[&str]) -> (zbus::Connection, Arc<Mutex<Vec<Call>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let server = Server {
        capabilities: capabilities.iter().map(|c| (*c).to_owned()).collect(),
        calls: Arc::clone(&calls),
    };
    let connection = zbus::block_on(async {
        zbus::connection::Builder::address(bus.address.as_str())
            .name(NOTIFICATIONS)
            .serve_at(NOTIFICATIONS_PATH, server)
            .build()
            .await
    })
    .unwrap();
    (connection, calls)
}

/// One HTTP request as the stand-in for ntfy received it.
#[derive(Debug, Clone)]
pub struct Request {
    pub line: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

#[derive(Debug, Clone, Copy)]
pub enum Answer {
    Status(u16),
    After(Duration, u16),
}

/// An HTTP server on 127.0.0.1 answering every request with `answer`; it
/// takes connections for a minute at most.
pub fn http_server(answer: Answer) -> (u16, Arc<Mutex<Vec<Request>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&requests);
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_mins(1);
        while Instant::now() < deadline {
            match listener.accept() {
                Ok((stream, _)) => {
                    let recorded = Arc::clone(&recorded);
                    std::thread::spawn(move || handle(stream, answer, &recorded));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    });
    (port, requests)
}

fn handle(mut stream: TcpStream, answer: Answer, recorded: &Mutex<Vec<Request>>) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.trim_end().split_once(':') {
            headers.insert(name.to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    if headers
        .get("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    let length = headers
        .get("content-length")
        .map_or(0, |v| v.parse().unwrap());
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    recorded.lock().unwrap().push(Request {
        line: line.trim_end().to_owned(),
        headers,
        body: String::from_utf8(body).unwrap(),
    });
    let status = match answer {
        Answer::Status(status) => status,
        Answer::After(pause, status) => {
            std::thread::sleep(pause);
            status
        }
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    );
}
