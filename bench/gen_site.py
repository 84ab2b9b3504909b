#!/usr/bin/env python3
"""Generate a deterministic N-page synthetic roadbook site and its Hugo twin.

    bench/gen_site.py N OUT_DIR [--seed S] [--math]

writes OUT_DIR/roadbook/ (config.toml + content/, roadbook's format, SPEC §2-§4) and
OUT_DIR/hugo/ (hugo.toml + the same content + a small comparable theme in layouts/).

N counts content pages (the home page `_index.md` is extra): 10 stages, then of the rest about
45% topics, 45% posts, 5% books and 5% projects. Every page has a 400-900 word body of mixed
Korean and English prose, 3-6 headings, 2-3 fenced code blocks that are unique across the whole
site (so a content-hash highlight cache never hits in a cold build), 3-6 internal links, a
table in ~20% of pages and a task list in every topic.

With --math, every page's body also ends with one display formula, unique to the page (its
numbers come from the page's position, so the rest of the site is byte for byte the site
without --math): bench/math_bench.sh compares the two.

The output depends only on N and the seed (no hash(), no set ordering, no clock).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

STAGES = [
    ("인터넷과 네트워크 기초", "1-2개월", ["TCP", "HTTP", "DNS", "TLS", "소켓", "라우팅", "프록시", "로드밸런서"]),
    ("프로그래밍 언어와 자료구조", "2-3개월", ["해시 테이블", "트리", "힙", "정렬 알고리즘", "동시성", "메모리 관리", "예외 처리", "제네릭"]),
    ("운영체제와 리눅스", "1-2개월", ["프로세스", "스레드", "파일 시스템", "시스템 콜", "가상 메모리", "셸 스크립트", "스케줄러", "커널"]),
    ("데이터베이스와 SQL", "2-4개월", ["인덱스", "트랜잭션", "격리 수준", "쿼리 실행 계획", "정규화", "복제", "샤딩", "커넥션 풀"]),
    ("웹 API 설계", "2-3개월", ["REST API", "gRPC", "인증", "인가", "페이지네이션", "버전 관리", "에러 응답", "API 게이트웨이"]),
    ("캐시와 메시지 큐", "2-3개월", ["캐시 무효화", "Cache-aside 패턴", "메시지 큐", "이벤트 소싱", "멱등성", "백프레셔", "재시도 전략", "분산 락"]),
    ("테스트와 CI/CD", "1-2개월", ["단위 테스트", "통합 테스트", "테스트 더블", "CI 파이프라인", "정적 분석", "코드 리뷰", "브랜치 전략", "릴리스 자동화"]),
    ("컨테이너와 배포", "2-3개월", ["도커 이미지", "쿠버네티스", "헬스 체크", "블루그린 배포", "카나리 배포", "설정 관리", "시크릿 관리", "오토스케일링"]),
    ("관찰 가능성과 운영", "2-3개월", ["로그 수집", "메트릭", "분산 추적", "알림 설계", "SLO", "장애 대응", "용량 계획", "프로파일링"]),
    ("분산 시스템과 아키텍처", "3-6개월", ["CAP 정리", "합의 알고리즘", "마이크로서비스", "서킷 브레이커", "사가 패턴", "데이터 파티셔닝", "일관성 모델", "시스템 설계 면접"]),
]

ASPECTS = ["기초", "심화", "실전", "설계", "트러블슈팅", "성능 튜닝", "내부 구조", "패턴", "입문", "운영", "체크리스트", "면접 대비"]

# Korean backend nouns; particles are chosen from the last syllable.
NOUNS = [
    "서버", "캐시", "트랜잭션", "인덱스", "데이터베이스", "쿼리", "스키마", "테이블", "커넥션", "스레드",
    "프로세스", "메모리", "디스크", "네트워크", "로드밸런서", "컨테이너", "배포", "로그", "모니터링", "장애",
    "요청", "응답", "세션", "토큰", "인증", "권한", "메시지 큐", "이벤트", "파티션", "복제",
    "샤딩", "락", "격리 수준", "정규화", "마이그레이션", "테스트", "리팩터링", "의존성", "모듈", "인터페이스",
    "엔드포인트", "라우팅", "미들웨어", "프록시", "타임아웃", "재시도", "백오프", "처리량", "지연 시간", "병목",
    "프로파일링", "가비지 컬렉션", "힙", "스택", "해시", "트리", "알고리즘", "자료구조", "운영체제", "커널",
    "파일 시스템", "소켓", "프로토콜", "패킷", "암호화", "인증서", "도메인", "레플리카", "백업", "롤백",
    "커밋", "브랜치", "파이프라인", "빌드", "설정", "환경 변수", "시크릿", "클러스터", "노드", "스케줄러",
    "워커", "큐", "컨슈머", "프로듀서", "직렬화", "API", "부하 테스트", "서킷 브레이커", "레이트 리미터", "멱등성",
]

# English terms with how their Korean reading ends: 0 = open syllable, 1 = final consonant,
# 2 = final ㄹ (so that 을/를, 이/가, (으)로 come out right).
EN_TERMS = [
    ("Redis", 0), ("PostgreSQL", 2), ("MySQL", 2), ("Kafka", 0), ("Nginx", 0), ("Docker", 0),
    ("Kubernetes", 0), ("gRPC", 0), ("JWT", 0), ("TCP", 0), ("HTTP/2", 0), ("Spring", 1),
    ("Django", 0), ("Go", 0), ("Rust", 0), ("Java", 0), ("Linux", 0), ("Git", 1),
    ("Prometheus", 0), ("Grafana", 0), ("Terraform", 1), ("RabbitMQ", 0), ("Elasticsearch", 0),
    ("MongoDB", 0), ("OpenTelemetry", 0), ("GitHub Actions", 0), ("Node.js", 0), ("FastAPI", 0),
    ("Kotlin", 1), ("Envoy", 0), ("etcd", 0), ("SQLite", 0), ("Celery", 0), ("Jaeger", 0),
]

EN_NOUNS = [
    "the connection pool", "the query planner", "the load balancer", "garbage collection",
    "the write-ahead log", "the scheduler", "DNS resolution", "TLS termination", "the cache layer",
    "the message broker", "the retry policy", "the deployment pipeline", "the index", "lock contention",
    "the network hop", "serialization", "the thread pool", "disk I/O", "the event loop", "the ORM",
]

INLINE_CODE = [
    "EXPLAIN ANALYZE", "SELECT ... FOR UPDATE", "kubectl get pods -o wide", "redis-cli INFO memory",
    "ss -tanp", "curl -I", "git bisect", "docker stats", "top -H", "strace -f -p", "SHOW PROCESSLIST",
    "go test -race ./...", "cargo bench", "VACUUM ANALYZE", "journalctl -u app", "tcpdump -i any port 443",
    "pg_stat_statements", "ulimit -n", "dig +trace", "perf top",
]

TAGS = [
    "데이터베이스", "네트워크", "운영체제", "캐시", "보안", "테스트", "배포", "성능", "아키텍처", "자료구조",
    "알고리즘", "리눅스", "클라우드", "모니터링", "회고", "면접", "백엔드", "api", "sql", "nosql",
    "redis", "kafka", "docker", "kubernetes", "go", "rust", "python", "java", "kotlin", "spring",
    "http", "tcp", "grpc", "ci-cd", "observability", "distributed-systems", "concurrency", "security",
    "system-design", "til",
]
STAGE_TAGS = [
    ["네트워크", "http", "tcp", "보안"], ["자료구조", "알고리즘", "concurrency", "go", "rust", "python", "java"],
    ["운영체제", "리눅스", "concurrency"], ["데이터베이스", "sql", "nosql", "성능"],
    ["api", "http", "grpc", "보안", "security"], ["캐시", "redis", "kafka", "성능"],
    ["테스트", "ci-cd"], ["docker", "kubernetes", "배포", "클라우드"],
    ["모니터링", "observability", "성능"], ["아키텍처", "distributed-systems", "system-design", "면접"],
]

KO_SENTENCES = [
    "{a:은} {b:을} 직접 다루지 않아도 되게 만들어 준다.",
    "{a:이} 느려지면 가장 먼저 {b:을} 의심해 봐야 한다.",
    "{a:과} {b:을} 함께 보면 {c:이} 왜 필요한지 분명해진다.",
    "실무에서는 {E:을} 사용해 {a:을} 구성하는 경우가 많다.",
    "처음에는 {a:이} 단순해 보이지만, 트래픽이 {M}배로 늘면 이야기가 달라진다.",
    "{a:을} 설계할 때는 {b:의} 수명과 {c:의} 비용을 같이 따져야 한다.",
    "이번 주에는 {a:에} 대해 정리하면서 {b:과} 헷갈렸던 부분을 바로잡았다.",
    "{E:은} {a:을} 추상화한 도구라서, 내부 동작을 모르면 장애 상황에서 당황하기 쉽다.",
    "결국 핵심은 {a:이} 실패했을 때 {b:을} 어떻게 복구하느냐이다.",
    "{a:의} 지연 시간이 평균 {N}ms에서 {M}ms로 줄었다.",
    "책에서는 {a:을} 이론 위주로 설명하지만, 직접 {E:로} 실험해 보는 편이 훨씬 빨리 이해된다.",
    "{a:은} 정답이 하나가 아니라서 상황에 맞는 트레이드오프를 고르는 문제에 가깝다.",
    "팀에서 {a:을} 도입하자 {b:에} 관한 문의가 눈에 띄게 줄었다.",
    "{a:이} 꽉 차면 {b:이} 밀리고, 그 결과 {c:까지} 영향을 받는다.",
    "면접에서 {a:과} {b:의} 차이를 묻는 질문이 자주 나온다.",
    "`{C}` 한 줄로 {a:의} 상태를 바로 확인할 수 있다.",
    "로그를 보니 {a:에서} {N}건의 타임아웃이 발생하고 있었다.",
    "{a:을} 캐시하려면 먼저 {b:의} 일관성 요구 사항부터 정해야 한다.",
    "{a:도} 결국 {b:의} 한 형태라고 볼 수 있다.",
    "문서를 읽을 때는 {a:이} 어떤 가정을 깔고 있는지 확인하는 습관이 도움이 된다.",
    "{E:과} {F:을} 비교해 보면 {a:을} 다루는 철학이 꽤 다르다.",
    "장애 회고에서 {a:이} 근본 원인으로 지목되었다.",
    "{a:을} 모니터링하지 않으면 {b:이} 언제 한계에 도달하는지 알 수 없다.",
    "작은 서비스라면 {a:만} 잘 관리해도 충분합니다.",
    "{a:과} {b:은} 서로 독립적인 것처럼 보이지만 실제로는 강하게 얽혀 있습니다.",
    "처음 배울 때는 {a:을} 외우기보다 {b:이} 동작하는 흐름을 그려 보는 것을 추천합니다.",
    "{a:의} 기본값을 그대로 쓰다가 {N}번째 요청에서 문제가 터졌다.",
    "{E:의} 공식 문서는 {a:에} 관한 설명이 특히 자세하다.",
    "{a:을} 바꾸기 전에 반드시 {b:을} 백업해 두자.",
    "부하 테스트 결과 초당 {N}건까지는 {a:이} 안정적으로 버텼다.",
    "이 부분은 {a:이} 아니라 {b:의} 문제였다.",
    "{a:로} 해결할 수 있는 문제를 굳이 {b:로} 풀 필요는 없다.",
    "그래서 우리는 {a:과} {b:을} 분리하기로 했다.",
    "{a:에} 대한 글을 쓰면서 {b:을} 다시 공부하게 되었다.",
    "다음 단계에서는 {a:을} 자동화하고 {b:을} 대시보드로 옮길 계획입니다.",
    "{a:이} 무엇인지 한 문장으로 설명할 수 있어야 진짜 이해한 것입니다.",
    "{a:은} {b:보다} 비용이 크지만, 장애 반경을 줄여 준다.",
    "실험 환경은 vCPU {S}개, 메모리 {S}GB인 인스턴스였다.",
    "{a:을} 적용하기 전과 후의 처리량 차이는 약 {P}%였다.",
    "{E:을} 쓰기 시작하면서 {a:에} 들이는 시간이 절반으로 줄었다.",
    "{a:이} 왜 중요한지는 트래픽이 몰리는 날에야 비로소 체감된다.",
    "많은 사람이 {a:과} {b:을} 같은 것으로 오해하지만 목적이 다르다.",
    "{a:의} 동작을 이해하려면 {b:부터} 차근차근 따라가 보는 것이 좋습니다.",
    "운영 환경에서 {a:을} 바꿀 때는 항상 {b:을} 먼저 확인한다.",
    "{E:로} 만든 예제에서 {a:이} {N}번 호출되는 것을 확인했다.",
]

EN_SENTENCES = [
    "In practice, {e} is rarely the bottleneck; {f} usually is.",
    "We measured a p99 latency of {N} ms before the change and {M} ms after it.",
    "The key trade-off here is between consistency and availability.",
    "Keep the configuration for {e} in version control so it can be reviewed.",
    "A good rule of thumb: measure first, then optimize the hottest path.",
    "{E} makes this easy, but its defaults are tuned for development, not production.",
    "Most outages we saw were caused by configuration changes, not by code.",
    "If you only remember one thing, remember that retries need a budget.",
    "The documentation for {E} explains the failure modes in detail.",
    "This pattern works well up to roughly {N} requests per second on a single node.",
    "Idempotency keys turned a risky migration into a boring one.",
    "Write the runbook before you need it.",
    "When {e} misbehaves, the symptoms usually show up somewhere else first.",
    "Our staging cluster had {S} nodes, which was enough to reproduce the issue.",
    "Reading the source of {E} taught me more than any tutorial did.",
    "Bounded queues are a feature, not a limitation.",
    "The fix was a one-line change, but finding it took {S} days.",
    "Treat {e} as a shared resource and budget it explicitly.",
]

LINK_SENTENCES = [
    "자세한 배경은 {L}에 정리해 두었다.",
    "먼저 {L} 문서를 읽고 오면 이해가 쉽다.",
    "{L}에서 다룬 내용과 이어집니다.",
    "비슷한 사례는 {L}에서도 볼 수 있다.",
    "See {L} for a longer explanation.",
    "{L}도 함께 보면 좋다.",
    "참고로 {L}에서 같은 문제를 다른 각도로 살펴봤다.",
    "This builds on {L}.",
]

HEADINGS = [
    "{a:이} 필요한 이유", "{a:의} 동작 원리", "{E:로} 구현하기", "실습: {a} 구성하기", "자주 하는 실수",
    "트러블슈팅 기록", "성능 측정 결과", "{a:과} {b} 비교", "운영에서 배운 점", "Why {e} matters",
    "Benchmark setup", "{a} 설계 체크포인트", "내부 구조 살펴보기", "{E} 설정 예시", "장애 사례",
    "{a:을} 테스트하는 방법", "Lessons learned", "한 걸음 더", "{a} 모니터링", "핵심 개념 정리",
]

TASKS = [
    "{a:의} 개념을 한 문단으로 설명하기", "{E:로} 작은 예제 만들어 보기", "{a:과} {b:의} 차이 정리하기",
    "관련 공식 문서 읽기", "{a} 장애 사례 하나 찾아 읽기", "{N}건 부하 테스트 돌려 보기",
    "{a} 설정값을 기본값과 비교하기", "블로그에 {a} 정리 글 쓰기", "{E} 소스 코드에서 {a} 부분 찾아보기",
]

TABLES = [
    (["방식", "장점", "단점", "적합한 경우"], "cmp"),
    (["설정", "기본값", "권장값", "비고"], "cfg"),
    (["측정 항목", "변경 전", "변경 후", "개선율"], "bench"),
    (["도구", "언어", "라이선스", "GitHub 스타"], "tool"),
]

POST_TITLES = [
    "{a} 정리", "{a:을} 공부하며 배운 것", "TIL: {E:과} {a}", "{a} 삽질기", "{E} 도입 후기",
    "{a:에} 대한 오해 {S}가지", "면접 준비: {a:과} {b}", "{a:이} 느려졌던 날", "{E:로} {a} 다시 보기",
    "{a} 스터디 {S}주차", "{a:과} {b:의} 관계", "주간 회고: {a}",
]
PROJECT_TITLES = [
    "{E:로} 랭킹 서버 만들기", "URL 단축 서비스 구현", "{a} 대시보드 만들기", "{E} 기반 채팅 서버",
    "{a:을} 활용한 주문 시스템", "미니 {a} 구현하기", "{E:로} 만드는 작업 큐", "{a} 부하 테스트 도구",
    "실시간 알림 서비스", "{a} 모니터링 봇", "파일 업로드 서버", "{E} 레플리카 실험실",
]
BOOK_KO_PREFIX = ["실전", "처음 배우는", "한 권으로 끝내는", "이해하는", "파고드는", "손에 잡히는", "쉽게 배우는", "대규모"]
BOOK_KO_SUBJECT = ["데이터베이스 설계", "네트워크 프로그래밍", "리눅스 시스템", "분산 시스템", "백엔드 아키텍처",
                   "캐시와 메시지 큐", "테스트 주도 개발", "쿠버네티스 운영", "SQL 튜닝", "Go 프로그래밍", "동시성 프로그래밍"]
BOOK_EN_ADJ = ["Practical", "Modern", "Effective", "Reliable", "Scalable", "Pragmatic", "Designing", "Understanding"]
BOOK_EN_SUBJ = ["Databases", "Distributed Systems", "Backend Engineering", "Networking", "Go Services",
                "Observability", "Data-Intensive Applications", "Web APIs", "Kubernetes", "Concurrency"]
KO_SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오"]
KO_GIVEN = ["민수", "지훈", "서연", "현우", "수진", "도윤", "하은", "준호", "유나", "성민", "지민", "태현"]
EN_FIRST = ["Alice", "Brian", "Carla", "David", "Elena", "Frank", "Grace", "Hiro", "Ingrid", "Jonas"]
EN_LAST = ["Kim", "Novak", "Schmidt", "Tanaka", "Moreau", "Okafor", "Larsen", "Silva", "Weber", "Park"]
RESOURCE_KINDS = ["docs", "article", "video", "course", "book", "tool"]
RESOURCE_HOSTS = ["docs.example.com", "blog.example.net", "learn.example.org", "video.example.com", "wiki.example.org"]

SUMMARIES = [
    "{a:과} {b:을} 실무 관점에서 정리한다.", "{a:이} 어떻게 동작하는지와 {b:의} 관계를 살펴본다.",
    "{E:로} {a:을} 다루며 겪은 일을 기록했다.", "{a:의} 핵심 개념과 흔한 실수를 모았다.",
    "{a:을} 처음 배우는 사람을 위한 길잡이.", "{a:과} {b:을} 비교하고 선택 기준을 제시한다.",
]

# ---------------------------------------------------------------------------------------------
# Korean particles
# ---------------------------------------------------------------------------------------------

PARTICLES = {  # key: (after final consonant, after open syllable); (으)로 is special-cased
    "은": ("은", "는"), "이": ("이", "가"), "을": ("을", "를"), "과": ("과", "와"),
    "로": ("으로", "로"), "이다": ("이다", "다"), "이나": ("이나", "나"),
}
EN_ENDING = dict(EN_TERMS)


def ending(word: str) -> int:
    """0 = open syllable, 1 = final consonant, 2 = final ㄹ."""
    if word in EN_ENDING:
        return EN_ENDING[word]
    ch = word.rstrip()[-1]
    if "가" <= ch <= "힣":
        jong = (ord(ch) - 0xAC00) % 28
        return 0 if jong == 0 else (2 if jong == 8 else 1)
    if ch.isdigit():
        return {"0": 1, "1": 2, "3": 1, "6": 1, "7": 2, "8": 2}.get(ch, 0)
    if ch in "LlR":
        return 2
    if ch in "MNmn":
        return 1
    return 0


def attach(word: str, particle: str | None) -> str:
    if not particle:
        return word
    if particle not in PARTICLES:
        return word + particle
    end = ending(word)
    if particle == "로":
        return word + ("으로" if end == 1 else "로")
    with_final, open_ = PARTICLES[particle]
    return word + (with_final if end else open_)


# ---------------------------------------------------------------------------------------------
# Prose
# ---------------------------------------------------------------------------------------------


class Prose:
    """Fills sentence templates for one page; `focus` nouns make each page read differently."""

    def __init__(self, rng: random.Random, focus: list[str]):
        self.rng = rng
        self.focus = focus
        self.recent: list[str] = []

    def template(self, pool: list[str]) -> str:
        """A template not among the last few used, so a page does not repeat itself."""
        t = self.rng.choice(pool)
        while t in self.recent:
            t = self.rng.choice(pool)
        self.recent = (self.recent + [t])[-(len(pool) // 2):]
        return t

    def noun(self) -> str:
        if self.rng.random() < 0.45:
            return self.rng.choice(self.focus)
        return self.rng.choice(NOUNS)

    def fill(self, template: str, link: str = "") -> str:
        rng = self.rng
        slots: dict[str, str] = {}
        out = []
        i = 0
        while i < len(template):
            ch = template[i]
            if ch == "{" and template[i + 1] != "}":
                j = template.index("}", i)
                spec = template[i + 1:j]
                name, _, particle = spec.partition(":")
                if name not in slots:
                    if name in "abcd":
                        value = self.noun()
                        while value in slots.values():
                            value = self.noun()
                    elif name in "EF":
                        value = rng.choice(EN_TERMS)[0]
                        while value in slots.values():
                            value = rng.choice(EN_TERMS)[0]
                    elif name in "ef":
                        value = rng.choice(EN_NOUNS)
                        while value in slots.values():
                            value = rng.choice(EN_NOUNS)
                    elif name == "N":
                        value = str(rng.randint(12, 9800))
                    elif name == "M":
                        value = str(rng.randint(2, 480))
                    elif name == "S":
                        value = str(rng.randint(2, 16))
                    elif name == "P":
                        value = str(rng.randint(3, 85))
                    elif name == "C":
                        value = rng.choice(INLINE_CODE)
                    elif name == "L":
                        value = link
                    else:
                        raise ValueError(spec)
                    slots[name] = value
                out.append(attach(slots[name], particle or None))
                i = j + 1
            else:
                out.append(ch)
                i += 1
        return "".join(out)

    def sentence(self) -> str:
        r = self.rng.random()
        if r < 0.72:
            s = self.fill(self.template(KO_SENTENCES))
        else:
            s = self.fill(self.template(EN_SENTENCES))
            s = s[0].upper() + s[1:]
        if self.rng.random() < 0.06 and "`" not in s:
            s = s.replace(" ", " **", 1)
            k = s.find(" ", s.find("**") + 2)
            if k > 0:
                s = s[:k] + "**" + s[k:]
            else:
                s = s.replace("**", "")
        return s


def words(text: str) -> int:
    return len(text.split())


# ---------------------------------------------------------------------------------------------
# Code blocks: realistic, 10-30 lines, unique per page (page id and block index embedded)
# ---------------------------------------------------------------------------------------------

ENTITIES = ["order", "invoice", "session", "ticket", "payment", "user", "cart", "shipment", "review",
            "coupon", "inventory", "notification", "report", "lecture", "quiz", "comment", "profile",
            "device", "metric", "booking"]
FIELDS = [("user_id", "int"), ("email", "str"), ("status", "str"), ("amount", "money"),
          ("created_at", "time"), ("updated_at", "time"), ("retry_count", "int"), ("region", "str"),
          ("priority", "int"), ("expires_at", "time"), ("tenant_id", "int"), ("version", "int"),
          ("checksum", "str"), ("payload", "map"), ("is_active", "bool"), ("score", "float"),
          ("tags", "list"), ("owner", "str"), ("quota", "int"), ("latency_ms", "float"),
          ("currency", "str"), ("attempts", "int"), ("source_ip", "str"), ("archived", "bool")]
TYPES = {
    "python": {"int": "int", "str": "str", "float": "float", "bool": "bool", "time": "datetime",
               "money": "Decimal", "list": "list[str]", "map": "dict[str, str]"},
    "go": {"int": "int64", "str": "string", "float": "float64", "bool": "bool", "time": "time.Time",
           "money": "int64", "list": "[]string", "map": "map[string]string"},
    "rust": {"int": "i64", "str": "String", "float": "f64", "bool": "bool", "time": "DateTime<Utc>",
             "money": "i64", "list": "Vec<String>", "map": "HashMap<String, String>"},
    "java": {"int": "long", "str": "String", "float": "double", "bool": "boolean", "time": "Instant",
             "money": "BigDecimal", "list": "List<String>", "map": "Map<String, String>"},
    "kotlin": {"int": "Long", "str": "String", "float": "Double", "bool": "Boolean", "time": "Instant",
               "money": "BigDecimal", "list": "List<String>", "map": "Map<String, String>"},
    "typescript": {"int": "number", "str": "string", "float": "number", "bool": "boolean", "time": "Date",
                   "money": "number", "list": "string[]", "map": "Record<string, string>"},
    "sql": {"int": "BIGINT", "str": "TEXT", "float": "DOUBLE PRECISION", "bool": "BOOLEAN",
            "time": "TIMESTAMPTZ", "money": "NUMERIC(12, 2)", "list": "TEXT[]", "map": "JSONB"},
}
LANGS = ["python", "go", "sql", "javascript", "typescript", "rust", "java", "yaml", "bash", "toml",
         "json", "dockerfile", "kotlin"]


def camel(s: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in s.replace("-", "_").split("_"))


def lower_camel(s: str) -> str:
    c = camel(s)
    return c[:1].lower() + c[1:]


class CodeCtx:
    def __init__(self, rng: random.Random, pid: str, index: int):
        self.rng = rng
        self.pid = pid
        self.index = index
        self.ent = rng.choice(ENTITIES)
        self.tag = f"{pid}_{index}"           # unique per page and block
        self.slug = f"{self.ent}-{pid}-{index}"

    def fields(self, n: int) -> list[tuple[str, str]]:
        pool = self.rng.sample(FIELDS, min(n, len(FIELDS)))
        k = 2
        while len(pool) < n:
            name, ty = self.rng.choice(FIELDS)
            pool.append((f"{name}_{k}", ty))
            k += 1
        return pool

    def num(self, lo: int = 1, hi: int = 9999) -> int:
        return self.rng.randint(lo, hi)


def default_value(lang: str, ty: str, rng: random.Random) -> str:
    n = rng.randint(0, 500)
    if ty in ("int", "money"):
        return str(n)
    if ty == "float":
        return f"{n / 10:.1f}"
    if ty == "bool":
        return {"python": "False", "kotlin": "false"}.get(lang, "false")
    return '""'


def code_python(c: CodeCtx, n: int) -> list[str]:
    E = camel(c.ent)
    head = [f'"""{E} repository helpers ({c.tag})."""', "from dataclasses import dataclass, field",
            "from datetime import datetime", "from decimal import Decimal", "", "", "@dataclass",
            f"class {E}Record:", "    id: int"]
    tail = ["", "",
            f"def load_{c.ent}s(conn, limit: int = {c.num(10, 500)}) -> list[{E}Record]:",
            "    rows = conn.execute(",
            f'        "SELECT * FROM {c.ent}s_{c.tag} WHERE created_at > now() - interval \'{c.num(1, 90)} days\' LIMIT %s",',
            "        (limit,),", "    ).fetchall()", f"    return [{E}Record(*row) for row in rows]"]
    k = max(1, n - len(head) - len(tail))
    body = []
    for name, ty in c.fields(k):
        t = TYPES["python"][ty]
        if ty in ("list", "map"):
            body.append(f"    {name}: {t} = field(default_factory={'list' if ty == 'list' else 'dict'})")
        elif ty == "time":
            body.append(f"    {name}: {t} | None = None")
        elif ty == "money":
            body.append(f'    {name}: {t} = Decimal("{c.num(0, 999)}.00")')
        else:
            body.append(f"    {name}: {t} = {default_value('python', ty, c.rng)}")
    return head + body + tail


def code_go(c: CodeCtx, n: int) -> list[str]:
    E = camel(c.ent)
    head = [f"package {c.ent}{c.pid[1:]}", "", 'import (', '\t"context"', '\t"time"', ')', "",
            f"// {E} is stored in table {c.ent}s_{c.tag}.", f"type {E} struct {{", "\tID int64 `json:\"id\"`"]
    tail = ["}", "", f"func (s *Store) Get{E}(ctx context.Context, id int64) (*{E}, error) {{",
            f"\tctx, cancel := context.WithTimeout(ctx, {c.num(50, 3000)}*time.Millisecond)", "\tdefer cancel()",
            f"\tvar v {E}", f"\terr := s.db.GetContext(ctx, &v, \"SELECT * FROM {c.ent}s_{c.tag} WHERE id = $1\", id)",
            "\treturn &v, err", "}"]
    k = max(1, n - len(head) - len(tail))
    body = [f"\t{camel(name)} {TYPES['go'][ty]} `json:\"{name}\"`" for name, ty in c.fields(k)]
    return head + body + tail


def code_sql(c: CodeCtx, n: int) -> list[str]:
    t = f"{c.ent}s_{c.tag}"
    head = [f"-- migration {c.num(100, 999)}: {c.ent} table for {c.pid}", f"CREATE TABLE {t} (",
            "    id BIGSERIAL PRIMARY KEY,"]
    tail_ = [");", "", f"CREATE INDEX idx_{t}_created ON {t} (created_at DESC);", "",
             "SELECT status, count(*) AS cnt, avg(latency_ms) AS avg_ms", f"FROM {t}",
             f"WHERE created_at >= now() - interval '{c.num(1, 30)} days'",
             f"GROUP BY status HAVING count(*) > {c.num(5, 500)}", "ORDER BY cnt DESC;"]
    k = max(3, n - len(head) - len(tail_))
    fs = c.fields(k)
    names = {f for f, _ in fs}
    if "created_at" not in names:
        fs[0] = ("created_at", "time")
    if "latency_ms" not in names:
        fs[-1] = ("latency_ms", "float")
    if "status" not in names:
        fs[1] = ("status", "str")
    body = []
    for i, (name, ty) in enumerate(fs):
        extra = " NOT NULL DEFAULT now()" if name == "created_at" else (" NOT NULL" if ty == "str" else "")
        body.append(f"    {name} {TYPES['sql'][ty]}{extra}{',' if i < len(fs) - 1 else ''}")
    return head + body + tail_


def code_javascript(c: CodeCtx, n: int) -> list[str]:
    E = camel(c.ent)
    head = ["import express from 'express';", "", "const router = express.Router();",
            f"const {c.ent.upper()}_LIMITS = {{"]
    tail = ["};", "", f"router.get('/api/{c.ent}s/:id', async (req, res, next) => {{", "  try {",
            f"    const item = await db.{lower_camel(c.ent)}s.findById(req.params.id, {{ table: '{c.ent}s_{c.tag}' }});",
            "    if (!item) return res.status(404).json({ error: 'not_found' });",
            f"    res.set('Cache-Control', 'max-age={c.num(5, 3600)}').json(item);",
            "  } catch (err) {", "    next(err);", "  }", "});", "", "export default router;"]
    k = max(1, n - len(head) - len(tail))
    body = [f"  {lower_camel(name)}: {c.num(1, 5000)}," for name, _ in c.fields(k)]
    return head + body + tail


def code_typescript(c: CodeCtx, n: int) -> list[str]:
    E = camel(c.ent)
    head = [f"// {c.slug}: typed client", f"export interface {E} {{", "  id: number;"]
    tail = ["}", "", f"export async function fetch{E}(id: number, signal?: AbortSignal): Promise<{E}> {{",
            f"  const res = await fetch(`/api/v{c.num(1, 4)}/{c.ent}s/${{id}}`, {{ signal }});",
            "  if (!res.ok) {", f"    throw new Error(`{c.ent} ${{id}}: HTTP ${{res.status}}`);", "  }",
            f"  return (await res.json()) as {E};", "}"]
    k = max(1, n - len(head) - len(tail))
    body = [f"  {lower_camel(name)}{'?' if c.rng.random() < 0.3 else ''}: {TYPES['typescript'][ty]};"
            for name, ty in c.fields(k)]
    return head + body + tail


def code_rust(c: CodeCtx, n: int) -> list[str]:
    E = camel(c.ent)
    head = ["use std::collections::HashMap;", "", "use chrono::{DateTime, Utc};", "use serde::{Deserialize, Serialize};",
            "", f"/// Row of `{c.ent}s_{c.tag}`.", "#[derive(Debug, Clone, Serialize, Deserialize)]",
            f"pub struct {E} {{", "    pub id: i64,"]
    tail = ["}", "", f"impl {E} {{", "    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {",
            f"        now.timestamp() - self.id % {c.num(60, 86400)} > {c.num(100, 9000)}", "    }", "}"]
    k = max(1, n - len(head) - len(tail))
    body = [f"    pub {name}: {TYPES['rust'][ty]}," for name, ty in c.fields(k)]
    return head + body + tail


def code_java(c: CodeCtx, n: int) -> list[str]:
    E = camel(c.ent)
    head = [f"package com.example.{c.ent}.{c.pid};", "", "import java.math.BigDecimal;", "import java.time.Instant;",
            "import java.util.List;", "import java.util.Map;", "", f"@Table(name = \"{c.ent}s_{c.tag}\")",
            f"public class {E}Entity {{", "    @Id", "    private long id;"]
    tail = ["", f"    public boolean isExpired(Instant now) {{",
            f"        return now.getEpochSecond() - id > {c.num(60, 99999)}L;", "    }", "}"]
    k = max(1, n - len(head) - len(tail))
    body = [f"    private {TYPES['java'][ty]} {lower_camel(name)};" for name, ty in c.fields(k)]
    return head + body + tail


def code_kotlin(c: CodeCtx, n: int) -> list[str]:
    E = camel(c.ent)
    head = [f"package com.example.{c.ent}.{c.pid}", "", "import java.math.BigDecimal", "import java.time.Instant", "",
            f"// stored in {c.ent}s_{c.tag}", f"data class {E}(", "    val id: Long,"]
    tail = [")", "", f"fun {E}.priorityScore(): Int =", f"    (id % {c.num(7, 997)}).toInt() * {c.num(2, 64)}"]
    k = max(1, n - len(head) - len(tail))
    fs = c.fields(k)
    body = [f"    val {lower_camel(name)}: {TYPES['kotlin'][ty]}{'?' if ty == 'time' else ''},"
            for name, ty in fs]
    return head + body + tail


def code_yaml(c: CodeCtx, n: int) -> list[str]:
    head = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: {c.slug}",
            f"  labels: {{app: {c.ent}-api, tier: backend}}", "spec:", f"  replicas: {c.num(2, 12)}",
            "  template:", "    spec:", "      containers:", f"        - name: {c.ent}-api",
            f"          image: registry.example.org/{c.ent}-api:1.{c.num(0, 40)}.{c.num(0, 99)}", "          env:"]
    tail = ["          resources:", f"            limits: {{cpu: {c.num(100, 2000)}m, memory: {c.num(128, 4096)}Mi}}"]
    k = max(1, (n - len(head) - len(tail)) // 2)
    body = []
    for name, _ in c.fields(k):
        body += [f"            - name: {name.upper()}", f"              value: \"{c.num(1, 99999)}\""]
    return head + body + tail


def code_bash(c: CodeCtx, n: int) -> list[str]:
    head = ["#!/usr/bin/env bash", "set -euo pipefail", "", f"SERVICE={c.slug}",
            f"BACKUP_DIR=/var/backups/{c.ent}/{c.pid}", f"RETENTION_DAYS={c.num(3, 60)}", "",
            'mkdir -p "$BACKUP_DIR"', "for table in \\"]
    tail = [f'  pg_dump --table="$table" --format=custom "$DATABASE_URL" > "$BACKUP_DIR/$table-$(date +%F).dump"',
            '  echo "backed up $table"', "done", "",
            'find "$BACKUP_DIR" -name "*.dump" -mtime +"$RETENTION_DAYS" -delete',
            f'curl -fsS -X POST "https://hooks.example.org/{c.num(1000, 9999)}" -d "service=$SERVICE"']
    k = max(1, n - len(head) - len(tail))
    fs = c.fields(k)
    body = [f"  {c.ent}s_{name}" + (" \\" if i < len(fs) - 1 else "; do") for i, (name, _) in enumerate(fs)]
    return head + body + tail


def code_toml(c: CodeCtx, n: int) -> list[str]:
    head = [f"# {c.slug} service configuration", "[server]", f'bind = "0.0.0.0:{c.num(3000, 9999)}"',
            f"workers = {c.num(2, 32)}", "", "[database]", f'url = "postgres://app@db/{c.ent}_{c.tag}"',
            f"pool_size = {c.num(5, 100)}", "", "[limits]"]
    tail = ["", "[features]", f'enabled = ["{c.ent}-v{c.num(2, 9)}", "audit-log"]']
    k = max(1, n - len(head) - len(tail))
    body = []
    for name, ty in c.fields(k):
        if ty == "bool":
            body.append(f"{name} = {'true' if c.rng.random() < 0.5 else 'false'}")
        elif ty in ("str", "time", "list", "map"):
            body.append(f'{name} = "{c.ent}-{c.num(1, 999)}"')
        else:
            body.append(f"{name} = {c.num(1, 100000)}")
    return head + body + tail


def code_json(c: CodeCtx, n: int) -> list[str]:
    head = ["{", f'  "service": "{c.slug}",', f'  "version": "{c.num(1, 9)}.{c.num(0, 30)}.{c.num(0, 99)}",',
            '  "limits": {']
    tail = ["  },", f'  "owners": ["team-{c.ent}", "oncall-{c.num(1, 20)}"]', "}"]
    k = max(1, n - len(head) - len(tail))
    fs = c.fields(k)
    body = []
    for i, (name, ty) in enumerate(fs):
        comma = "," if i < len(fs) - 1 else ""
        if ty == "bool":
            body.append(f'    "{name}": {"true" if c.rng.random() < 0.5 else "false"}{comma}')
        elif ty in ("str", "time"):
            body.append(f'    "{name}": "{c.ent}-{c.num(1, 999)}"{comma}')
        else:
            body.append(f'    "{name}": {c.num(1, 100000)}{comma}')
    return head + body + tail


def code_dockerfile(c: CodeCtx, n: int) -> list[str]:
    head = [f"# {c.slug}", f"FROM golang:1.{c.num(20, 23)} AS build", "WORKDIR /src", "COPY go.mod go.sum ./",
            "RUN go mod download", "COPY . .", f"RUN CGO_ENABLED=0 go build -o /out/{c.ent}-api ./cmd/{c.ent}", "",
            "FROM gcr.io/distroless/static"]
    tail = [f"COPY --from=build /out/{c.ent}-api /usr/local/bin/{c.ent}-api", f"EXPOSE {c.num(3000, 9999)}",
            "USER nonroot", f'ENTRYPOINT ["/usr/local/bin/{c.ent}-api"]']
    k = max(1, n - len(head) - len(tail))
    body = [f"ENV {c.ent.upper()}_{name.upper()}={c.num(1, 9999)}" for name, _ in c.fields(k)]
    return head + body + tail


CODE = {"python": code_python, "go": code_go, "sql": code_sql, "javascript": code_javascript,
        "typescript": code_typescript, "rust": code_rust, "java": code_java, "kotlin": code_kotlin,
        "yaml": code_yaml, "bash": code_bash, "toml": code_toml, "json": code_json,
        "dockerfile": code_dockerfile}


def code_block(rng: random.Random, pid: str, index: int, lang: str) -> str:
    target = rng.randint(10, 30)
    lines = CODE[lang](CodeCtx(rng, pid, index), target)
    return "```" + lang + "\n" + "\n".join(lines) + "\n```"


# ---------------------------------------------------------------------------------------------
# Site model
# ---------------------------------------------------------------------------------------------

SECTION = {"stage": "stages", "topic": "topics", "post": "blog", "book": "books", "project": "projects"}
LINK_MARK = "\x01"  # body placeholders: \x01kind\x02id\x02label\x01


class Page:
    def __init__(self, kind: str, pid: str):
        self.kind = kind
        self.id = pid
        self.fm: list[tuple[str, object]] = []
        self.resources: list[list[tuple[str, object]]] = []
        self.body = ""
        self.title = ""
        self.stage_index = 0  # topics: 0-based stage index
        self.focus: list[str] = []

    @property
    def path(self) -> str:
        return f"{SECTION[self.kind]}/{self.id}.md"

    @property
    def url(self) -> str:
        return f"/{SECTION[self.kind]}/{self.id}/"


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError(type(v))


def render_front_matter(page: Page, hugo: bool) -> str:
    lines = ["+++"]
    for k, v in page.fm:
        lines.append(f"{k} = {toml_value(v)}")
    for res in page.resources:
        lines.append("")
        lines.append("[[params.resources]]" if hugo else "[[resources]]")
        for k, v in res:
            lines.append(f"{k} = {toml_value(v)}")
    lines.append("+++")
    return "\n".join(lines) + "\n"


def pick_links(rng, page, topics, posts, books, k):
    """k distinct link targets (never the page itself), biased to related pages."""
    chosen: list[Page] = []
    preferred: list[Page] = []
    for key in ("requires", "related", "topics", "books"):
        for k_, v in page.fm:
            if k_ == key:
                for target_id in v:
                    preferred.append(BY_ID[target_id])
    rng.shuffle(preferred)
    for p in preferred:
        if len(chosen) >= k:
            break
        if p not in chosen and p is not page:
            chosen.append(p)
    while len(chosen) < k:
        r = rng.random()
        pool = topics if r < 0.6 else (posts if r < 0.85 else books)
        if not pool:
            pool = topics
        p = rng.choice(pool)
        if p is not page and p not in chosen:
            chosen.append(p)
    return chosen


BY_ID: dict[str, Page] = {}


def link_token(rng, target: Page) -> str:
    label = ""
    if rng.random() < 0.25:
        label = rng.choice(["이 글", "관련 정리", "정리 노트", "해당 문서", "참고 자료", "앞선 글", "이 주제"])
        if rng.random() < 0.5:
            label = " ".join(target.title.split()[:2]) + " " + rng.choice(["정리", "참고", "이야기"])
    return f"{LINK_MARK}{target.kind}\x02{target.id}\x02{label}{LINK_MARK}"


def make_table(rng, prose: Prose) -> str:
    header, kind = rng.choice(TABLES)
    rows = []
    for _ in range(rng.randint(3, 6)):
        if kind == "cmp":
            rows.append([prose.noun(), prose.fill("{a} 단순함"), prose.fill("{a:이} 늘어남"), prose.fill("{a:이} 작은 서비스")])
        elif kind == "cfg":
            base = rng.randint(1, 512)
            rows.append([f"`{rng.choice(FIELDS)[0]}`", str(base), str(base * rng.randint(2, 8)), prose.fill("{a:에} 맞춰 조정")])
        elif kind == "bench":
            before = rng.randint(50, 5000)
            after = rng.randint(10, before)
            rows.append([prose.fill("{a} " + rng.choice(["p50", "p95", "p99", "평균"])), f"{before} ms", f"{after} ms", f"{100 - after * 100 // before}%"])
        else:
            term = rng.choice(EN_TERMS)[0]
            rows.append([term, rng.choice(["Go", "Rust", "Java", "C", "Python", "Erlang"]),
                         rng.choice(["MIT", "Apache-2.0", "BSD-3-Clause", "MPL-2.0"]), f"{rng.randint(1, 90)}.{rng.randint(0, 9)}k"])
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    return "\n".join(lines)


def make_body(rng: random.Random, page: Page, links: list[Page]) -> str:
    prose = Prose(rng, page.focus)
    target_words = rng.randint(400, 880)  # the last sentence may overshoot by < 20 words
    n_head = rng.randint(3, 6)
    task_list = page.kind == "topic"
    n_prose_heads = n_head - (1 if task_list else 0)

    # extra prose (a bullet list, a quote) counts towards the word budget too
    bullets = quote = None
    if rng.random() < 0.12:
        bullets = "\n".join(f"- {prose.fill(rng.choice(KO_SENTENCES))[:-1]}" for _ in range(rng.randint(3, 5)))
    if rng.random() < 0.08:
        quote = "> " + prose.sentence()
    count = sum(words(x) - x.count("\n") - 1 for x in (bullets, quote) if x)

    # sentences up to the word budget (headings, code, tables are not counted)
    sentences: list[str] = []
    for target in links:
        s = prose.fill(rng.choice(LINK_SENTENCES), link_token(rng, target))
        sentences.append(s)
        count += words(s)
    while count < target_words:
        s = prose.sentence()
        sentences.append(s)
        count += words(s)
    # links at random places, not all at the start
    head_links = sentences[:len(links)]
    rest = sentences[len(links):]
    for s in head_links:
        rest.insert(rng.randint(0, len(rest)), s)
    # paragraphs of 2-6 sentences
    paragraphs: list[str] = []
    i = 0
    while i < len(rest):
        k = rng.randint(2, 6)
        paragraphs.append(" ".join(rest[i:i + k]))
        i += k

    # headings (unique in page)
    headings: list[str] = []
    seen = set()
    while len(headings) < n_prose_heads:
        h = prose.fill(rng.choice(HEADINGS))
        if h not in seen:
            seen.add(h)
            headings.append(h)
    levels = [2]
    for _ in range(1, len(headings)):
        levels.append(3 if levels[-1] in (2, 3) and rng.random() < 0.35 else 2)

    # blocks per section: intro paragraph + n sections
    n_sections = len(headings)
    sections: list[list[str]] = [[] for _ in range(n_sections + 1)]
    sections[0].append(paragraphs[0])
    for j, p in enumerate(paragraphs[1:]):
        sections[1 + (j * n_sections) // max(1, len(paragraphs) - 1)].append(p)

    n_code = rng.randint(2, 3)
    langs = rng.sample(LANGS, n_code)
    for bi, lang in enumerate(langs):
        sec = rng.randint(1, n_sections)
        pos = rng.randint(0, len(sections[sec]))
        sections[sec].insert(pos, code_block(rng, page.id, bi + 1, lang))
    if rng.random() < 0.20:
        sec = rng.randint(1, n_sections)
        sections[sec].append(make_table(rng, prose))
    if bullets:
        sections[rng.randint(1, n_sections)].insert(0, bullets)
    if quote:
        sections[rng.randint(1, n_sections)].append(quote)
    footnote = rng.random() < 0.08
    if footnote:  # the reference goes at the end of a prose paragraph, never after a fence
        cands = [(si, bi) for si, sec in enumerate(sections) for bi, b in enumerate(sec)
                 if not b.startswith(("```", "|", "- ", "> "))]
        si, bi = rng.choice(cands)
        sections[si][bi] += "[^1]"

    out = [sections[0][0]] if sections[0] else []
    for idx, (h, lvl) in enumerate(zip(headings, levels)):
        attr = f" {{#sec-{idx + 1}}}" if rng.random() < 0.05 else ""
        out.append("#" * lvl + " " + h + attr)
        out.extend(sections[idx + 1])
    if task_list:
        out.append("## 학습 체크리스트")
        items = []
        for _ in range(rng.randint(3, 6)):
            done = "x" if rng.random() < 0.3 else " "
            items.append(f"- [{done}] {prose.fill(rng.choice(TASKS))}")
        out.append("\n".join(items))
    if footnote:
        out.append("[^1]: " + prose.fill("{E}의 공식 문서와 {a} 관련 발표 자료를 참고했다."))
    return "\n\n".join(out) + "\n"


def render_body(body: str, hugo: bool) -> str:
    parts = body.split(LINK_MARK)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(part)
            continue
        kind, pid, label = part.split("\x02")
        target = BY_ID[pid]
        if hugo:
            out.append(f"[{label or target.title}]({target.url})")
        else:
            prefix = {"book": "book:", "post": "post:"}.get(kind, "")
            out.append(f"[[{prefix}{pid}{'|' + label if label else ''}]]")
    return "".join(out)


def unique_title(base: str, used: dict[str, int]) -> str:
    n = used.get(base, 0) + 1
    used[base] = n
    return base if n == 1 else f"{base} {n}편"


def build_site(n: int, seed: int) -> list[Page]:
    rng = random.Random(seed)
    BY_ID.clear()
    if n < 30:
        raise SystemExit("N must be at least 30")
    rest = n - 10
    n_books = max(1, int(rest * 0.05 + 0.5))
    n_projects = max(1, int(rest * 0.05 + 0.5))
    n_topics = int(rest * 0.45 + 0.5)
    n_posts = rest - n_books - n_projects - n_topics

    stages, topics, posts, books, projects = [], [], [], [], []
    used_titles: dict[str, int] = {}
    for i, (title, duration, concepts) in enumerate(STAGES):
        p = Page("stage", f"s{i + 1:02d}")
        p.title = f"{i + 1}단계: {title}"
        p.focus = concepts[:]
        p.fm = [("title", p.title), ("order", i + 1), ("duration", duration),
                ("summary", f"{title} 단계에서는 {', '.join(concepts[:3])} 등을 다룬다.")]
        stages.append(p)
    width_t = max(5, len(str(n_topics)))
    for i in range(n_topics):
        p = Page("topic", f"t{i + 1:0{width_t}d}")
        p.stage_index = i * 10 // n_topics
        topics.append(p)
    width_p = max(5, len(str(n_posts)))
    posts = [Page("post", f"p{i + 1:0{width_p}d}") for i in range(n_posts)]
    width_b = max(4, len(str(max(n_books, n_projects))))
    books = [Page("book", f"b{i + 1:0{width_b}d}") for i in range(n_books)]
    projects = [Page("project", f"j{i + 1:0{width_b}d}") for i in range(n_projects)]
    for p in stages + topics + posts + books + projects:
        BY_ID[p.id] = p

    # topics: front matter
    order_in_stage = [0] * 10
    for i, p in enumerate(topics):
        s = p.stage_index
        order_in_stage[s] += 1
        concepts = STAGES[s][2]
        concept = rng.choice(concepts)
        p.title = unique_title(f"{concept} {rng.choice(ASPECTS)}", used_titles)
        p.focus = rng.sample(concepts, 4) + rng.sample(NOUNS, 4)
        # requires: lower index, same or earlier stage (all lower indices qualify) => acyclic
        requires = []
        if i > 0:
            for _ in range(rng.choice([0, 1, 1, 2, 2])):
                lo = max(0, i - 60)
                cand = topics[rng.randint(lo, i - 1)].id
                if cand not in requires:
                    requires.append(cand)
        related = []
        for _ in range(rng.choice([0, 1, 1, 2])):
            cand = rng.choice(topics).id
            if cand != p.id and cand not in related and cand not in requires:
                related.append(cand)
        tags = rng.sample(STAGE_TAGS[s], min(len(STAGE_TAGS[s]), rng.randint(1, 2)))
        if rng.random() < 0.3:
            t = rng.choice(TAGS)
            if t not in tags:
                tags.append(t)
        prose = Prose(rng, p.focus)
        p.fm = [("title", p.title), ("stage", stages[s].id), ("order", order_in_stage[s])]
        if requires:
            p.fm.append(("requires", requires))
        if related:
            p.fm.append(("related", related))
        if rng.random() < 0.25:
            p.fm.append(("books", [rng.choice(books).id]))
        p.fm += [("tags", tags), ("summary", prose.fill(rng.choice(SUMMARIES)))]
        for r in range(rng.randint(1, 3)):
            kind = rng.choice(RESOURCE_KINDS)
            host = rng.choice(RESOURCE_HOSTS)
            p.resources.append([("title", prose.fill(rng.choice(["{E} 공식 문서", "{a} 입문 강의", "{a:과} {b} 심층 분석",
                                                                 "Understanding {e}", "{E} in production"]))),
                                ("url", f"https://{host}/{kind}/{p.id}-{r + 1}"), ("kind", kind)])

    # posts
    start = dt.date(2020, 1, 1)
    span = (dt.date(2026, 6, 30) - start).days  # nothing dated in the future
    for p in posts:
        tp = [rng.choice(topics)]
        if rng.random() < 0.5:
            t2 = rng.choice(topics)
            if t2 is not tp[0]:
                tp.append(t2)
        p.focus = STAGES[tp[0].stage_index][2][:4] + rng.sample(NOUNS, 4)
        prose = Prose(rng, p.focus)
        p.title = unique_title(prose.fill(rng.choice(POST_TITLES)), used_titles)
        tags = rng.sample(TAGS, rng.randint(1, 3))
        p.fm = [("title", p.title), ("date", start + dt.timedelta(days=rng.randint(0, span))),
                ("topics", [t.id for t in tp]), ("tags", tags), ("summary", prose.fill(rng.choice(SUMMARIES)))]

    # books
    for i, p in enumerate(books):
        if rng.random() < 0.6:
            title = f"{rng.choice(BOOK_KO_PREFIX)} {rng.choice(BOOK_KO_SUBJECT)}"
            author = rng.choice(KO_SURNAMES) + rng.choice(KO_GIVEN)
        else:
            title = f"{rng.choice(BOOK_EN_ADJ)} {rng.choice(BOOK_EN_SUBJ)}"
            author = f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"
        p.title = title if title not in used_titles else f"{title} ({used_titles[title] + 1}판)"
        used_titles[title] = used_titles.get(title, 0) + 1
        tps = rng.sample(topics, rng.randint(1, 3))
        p.focus = STAGES[tps[0].stage_index][2][:4] + rng.sample(NOUNS, 4)
        p.fm = [("title", p.title), ("author", author), ("year", rng.randint(2005, 2026)),
                ("topics", [t.id for t in tps])]

    # projects
    for i, p in enumerate(projects):
        s = rng.randint(0, 9)
        stage_topics = [t for t in topics if t.stage_index == s] or topics
        tps = rng.sample(stage_topics, min(len(stage_topics), rng.randint(1, 3)))
        p.focus = STAGES[s][2][:4] + rng.sample(NOUNS, 4)
        prose = Prose(rng, p.focus)
        p.title = unique_title(prose.fill(rng.choice(PROJECT_TITLES)), used_titles)
        p.fm = [("title", p.title), ("stage", stages[s].id), ("topics", [t.id for t in tps])]

    # bodies
    all_pages = stages + topics + posts + books + projects
    for p in all_pages:
        links = pick_links(rng, p, topics, posts, books, rng.randint(3, 6))
        p.body = make_body(rng, p, links)
    return all_pages


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------

HOME_TITLE = "합성 백엔드 로드맵"
HOME_TEXT = ("이 사이트는 roadbook과 Hugo의 빌드 성능을 비교하기 위해 자동으로 만든 합성 콘텐츠입니다. "
             "열 개의 단계, 수많은 토픽과 학습 블로그 글, 책과 실습 프로젝트로 이루어져 있으며, "
             "모든 본문은 실제 백엔드 용어로 만든 문장과 코드 예제로 채워져 있습니다.")


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def formula(i: int) -> str:
    """A display formula of the kind study notes hold (a recurrence, a sum, a fraction, Greek,
    `\\text{}` with Korean), with numbers unique to page `i`."""
    a, b, k = 2 + i % 7, 2 + i % 5, i % 3 + 1
    return (f"$$T(n) = {a}\\,T\\left(\\frac{{n}}{{{b}}}\\right) + \\mathcal{{O}}(n^{{{k}}}), \\quad "
            f"\\sum_{{j=1}}^{{{i + 10}}} \\frac{{\\lambda_j}}{{\\mu - \\lambda_j}} \\le \\text{{처리량 {i}}}$$")


def write_roadbook(root: str, pages: list[Page], math: bool = False) -> None:
    write(os.path.join(root, "config.toml"), "\n".join([
        f'title = "{HOME_TITLE}"',
        'description = "roadbook 벤치마크용 합성 학습 로드맵과 스터디 블로그"',
        'base_url = "https://example.org/"',
        'language = "ko"',
        'author = "Bench Bot"',
        "",
        "[blog]",
        "paginate = 10",
        ""]))
    write(os.path.join(root, "content", "_index.md"), f'+++\ntitle = "{HOME_TITLE}"\n+++\n\n{HOME_TEXT}\n')
    for i, p in enumerate(pages):
        body = render_body(p.body, False)
        if math:
            body = body.rstrip("\n") + "\n\n" + formula(i) + "\n"
        write(os.path.join(root, "content", p.path), render_front_matter(p, False) + "\n" + body)


HUGO_TOML = f"""baseURL = "https://example.org/"
title = "{HOME_TITLE}"
locale = "ko"  # Hugo >= 0.158 name of languageCode (which still works, with a deprecation warning)
defaultContentLanguage = "ko"
buildFuture = true

[taxonomies]
tag = "tags"

[pagination]
pagerSize = 10

[markup.highlight]
noClasses = false

[markup.goldmark.renderer]
unsafe = true

[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""

LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="stylesheet" href="{{ "css/style.css" | relURL }}">
<link rel="stylesheet" href="{{ "css/syntax.css" | relURL }}">
</head>
<body>
{{ partialCached "header.html" . }}
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer><p>© {{ site.Title }}</p></footer>
</body>
</html>
""",
    "_partials/header.html": """<header class="site-header">
<a class="brand" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav aria-label="stages"><ol>
{{ with site.GetPage "/stages" }}{{ range .Pages.ByParam "order" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}{{ end }}</ol>
<ul><li><a href="{{ "/blog/" | relURL }}">블로그</a></li><li><a href="{{ "/books/" | relURL }}">책</a></li><li><a href="{{ "/projects/" | relURL }}">프로젝트</a></li><li><a href="{{ "/tags/" | relURL }}">태그</a></li></ul>
</nav>
</header>
""",
    "_partials/pager.html": """{{ $p := .Paginator }}{{ if gt $p.TotalPages 1 }}<nav class="pager">
{{ with $p.Prev }}<a rel="prev" href="{{ .URL }}">이전</a>{{ end }}
<span>{{ $p.PageNumber }} / {{ $p.TotalPages }}</span>
{{ with $p.Next }}<a rel="next" href="{{ .URL }}">다음</a>{{ end }}
</nav>{{ end }}
""",
    "_partials/links.html": """{{ $section := .section }}{{ with .ids }}<section><h2>{{ $.title }}</h2><ul>
{{ range . }}{{ with site.GetPage (printf "/%s/%s" $section .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}
</ul></section>{{ end }}
""",
    "page.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>{{ end }}
{{ with .Params.author }}<p>{{ . }}{{ with $.Params.year }} · {{ . }}{{ end }}</p>{{ end }}
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ with .Params.stage }}{{ with site.GetPage (printf "/stages/%s" .) }}<p>단계: <a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ end }}
<nav class="toc" aria-label="목차">{{ .TableOfContents }}</nav>
{{ .Content }}
{{ partial "links.html" (dict "title" "선수 지식" "section" "topics" "ids" .Params.requires) }}
{{ partial "links.html" (dict "title" "관련 토픽" "section" "topics" "ids" .Params.related) }}
{{ partial "links.html" (dict "title" "토픽" "section" "topics" "ids" .Params.topics) }}
{{ partial "links.html" (dict "title" "책" "section" "books" "ids" .Params.books) }}
{{ with .Params.resources }}<section><h2>자료</h2><ul>{{ range . }}<li><a href="{{ .url }}">{{ .title }}</a> ({{ .kind }})</li>{{ end }}</ul></section>{{ end }}
{{ if eq .Section "stages" }}<section><h2>토픽</h2><ol>
{{ $id := .File.ContentBaseName }}{{ range (where (site.GetPage "/topics").Pages "Params.stage" $id).ByParam "order" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ol></section>{{ end }}
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">#{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="cards">
{{ range (.Paginate .Pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if not .Date.IsZero }} <time>{{ .Date.Format "2006-01-02" }}</time>{{ end }}{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ul>
{{ partial "pager.html" . }}{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="tags">
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">#{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}</ul>{{ end }}
""",
    "home.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<section><h2>로드맵</h2><ol>
{{ with site.GetPage "/stages" }}{{ range .Pages.ByParam "order" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.duration }}<p>{{ .Params.summary }}</p></li>
{{ end }}{{ end }}</ol></section>
<section><h2>최근 글</h2><ul>
{{ with site.GetPage "/blog" }}{{ range first 10 .Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}{{ end }}</ul></section>{{ end }}
""",
}

STYLE_CSS = """body{font-family:system-ui,sans-serif;line-height:1.7;max-width:60rem;margin:0 auto;padding:0 1rem}
.site-header{display:flex;flex-wrap:wrap;gap:1rem;border-bottom:1px solid #ddd}
.site-header ol,.site-header ul{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
.toc{background:#f6f6f6;padding:.5rem 1rem}
.tags{display:flex;gap:.5rem;list-style:none;padding:0}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem}
pre{overflow-x:auto;padding:.75rem}
"""
SYNTAX_CSS = """.chroma{background:#f8f8f8}.chroma .k,.chroma .kd,.chroma .kn{color:#a626a4}.chroma .s,.chroma .s1,.chroma .s2{color:#50a14f}
.chroma .c,.chroma .c1,.chroma .cm{color:#a0a1a7;font-style:italic}.chroma .m,.chroma .mi,.chroma .mf{color:#986801}
.chroma .nf,.chroma .nx{color:#4078f2}.chroma .kt,.chroma .nc{color:#c18401}
"""


def write_hugo(root: str, pages: list[Page]) -> None:
    write(os.path.join(root, "hugo.toml"), HUGO_TOML)
    write(os.path.join(root, "content", "_index.md"), f'+++\ntitle = "{HOME_TITLE}"\n+++\n\n{HOME_TEXT}\n')
    for p in pages:
        write(os.path.join(root, "content", p.path), render_front_matter(p, True) + "\n" + render_body(p.body, True))
    for name, text in LAYOUTS.items():
        write(os.path.join(root, "layouts", name), text)
    write(os.path.join(root, "static", "css", "style.css"), STYLE_CSS)
    write(os.path.join(root, "static", "css", "syntax.css"), SYNTAX_CSS)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of content pages (>= 30)")
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--math", action="store_true", help="end every page with a display formula")
    args = ap.parse_args(argv)
    pages = build_site(args.n, args.seed)
    for sub in ("roadbook", "hugo"):
        d = os.path.join(args.out_dir, sub)
        if os.path.exists(d):
            shutil.rmtree(d)
    write_roadbook(os.path.join(args.out_dir, "roadbook"), pages, args.math)
    write_hugo(os.path.join(args.out_dir, "hugo"), pages)
    counts: dict[str, int] = {}
    for p in pages:
        counts[p.kind] = counts.get(p.kind, 0) + 1
    print(f"generated {len(pages)} pages ({', '.join(f'{v} {k}s' for k, v in counts.items())}) "
          f"in {args.out_dir}/roadbook and {args.out_dir}/hugo", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
