//! An example Rust service for `hotline load` (std only: a TcpListener speaking HTTP/1.1 keep-alive, loopback only):
//!   GET /cpu    CPU-heavy: sums quotients on the connection's thread (the hot line below)
//!   GET /health answers at once
//! Usage: cargo build --release && target/release/hotline-service [port]   (or PORT=...; CPU_N)
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

#[inline(never)]
fn cpu_work(n: u64) -> f64 {
    let mut total = 0.0;
    for i in 1..=n {
        total += (i % 977) as f64 / (n - i + 1) as f64; // HOT
    }
    total
}

fn serve(stream: TcpStream, cpu_n: u64) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let mut request = String::new();
        if reader.read_line(&mut request)? == 0 {
            return Ok(());
        }
        // Headers up to the blank line (GET requests carry no body here).
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
                break;
            }
        }
        let path = request.split_whitespace().nth(1).unwrap_or("/");
        let (status, body) = match path.split('?').next().unwrap_or("/") {
            "/cpu" => ("200 OK", format!("{{\"total\":{}}}", cpu_work(cpu_n))),
            "/health" => ("200 OK", "{\"ok\":true}".to_string()),
            other => ("404 Not Found", format!("{{\"error\":\"no route {}\"}}", other)),
        };
        write!(out, "HTTP/1.1 {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{}", status, body.len(), body)?;
    }
}

fn main() {
    let port: u16 = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("PORT").ok())
        .map(|p| p.parse().expect("not a port"))
        .unwrap_or(8080);
    let cpu_n: u64 = std::env::var("CPU_N").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000_000);
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("cannot listen");
    println!("listening on http://{}", listener.local_addr().unwrap());
    for stream in listener.incoming().flatten() {
        thread::spawn(move || {
            let _ = serve(stream, cpu_n);
        });
    }
}
