//! The floor of workload S1 on a machine: what reading the table and writing the result cost
//! before any scoring, as `repere batch` reads and writes them (2 MiB blocks, one thread for
//! the file).
//!
//! usage: s1-floor TABLE copy|scan > OUT
//!
//! `copy` reads the table, counts its lines and writes one 81-byte result row per line (the
//! size of S1's rows). `scan` also finds every row's cells, one pass over its bytes, as the
//! least a parser does. Neither scores nor formats numbers.

use std::io::{Read, Write};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(mode)) = (args.next(), args.next()) else {
        eprintln!("usage: s1-floor TABLE copy|scan > OUT");
        std::process::exit(2);
    };
    let scan = mode == "scan";
    let mut file = std::fs::File::open(path)?;
    let mut out = std::io::stdout().lock();
    let mut buf = vec![0u8; 1 << 21];
    let mut carry = Vec::new();
    let row = b"a0000001,0.830000,0.681818,0.909091,0.328125,0.676471,0.500000,0.670963,0.938356\n";
    let mut text = Vec::with_capacity(4 << 20);
    let mut checksum = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        carry.extend_from_slice(&buf[..n]);
        let end = carry.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        text.clear();
        for line in carry[..end].split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            if scan {
                let mut codes = [0u8; 48];
                let mut cell = 0;
                for &b in line {
                    if b == b',' {
                        cell += 1;
                    } else if cell > 0 && cell < codes.len() {
                        codes[cell] = b.wrapping_sub(b'0');
                    }
                }
                checksum += codes.iter().map(|&x| u64::from(x)).sum::<u64>();
            }
            text.extend_from_slice(row);
        }
        out.write_all(&text)?;
        carry.drain(..end);
    }
    eprintln!("checksum {checksum}");
    Ok(())
}
