"""Generate realistic synthetic privacy policies (English and Simplified Chinese) for benchmarks.

    python benchmarks/generate.py OUT_DIR N [--seed S]

writes N policy files laid out as OUT_DIR/<policy-id>/<version>/<language>.yaml, half in
English (`en`) and half in Simplified Chinese (`zh-CN`): each organization publishes one policy
in both languages, with the same items and ids (optional words are dropped per file to fit
its size, never a structured fact), so the two files of a folder are translations of each
other: the one not in the controlling language is marked as a translation. Every file is 15-25 KB
of YAML that fills every structured part of the schema (controller, 10-20 data categories,
10-15 purposes, permissions, consent exceptions, cookies, sharing, security, storage with
retention periods citing laws, rights, children, cross-border transfers, updates, complaints)
and has 8-12 sections of Markdown that show each part exactly once.

The output is deterministic for a given seed and uses no external data. Every file passes
`policypress validate --root OUT_DIR OUT_DIR` with no errors and no warnings, and loads to the
same data with PyYAML (YAML 1.1) as with PolicyPress: dates, versions, postcodes and phone
numbers are quoted, and any other text that a YAML 1.1 or 1.2 loader could read as something
other than a string is quoted too.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "zh-CN")
MIN_BYTES = 15 * 1024
MAX_BYTES = 25 * 1024
# The size each file is padded towards is drawn from this range (bytes), so files average ~20 KB.
TARGET_BYTES = (15 * 1024 + 512, 23 * 1024)


def L(en: str, zh: str) -> dict[str, str]:
    """A text in both languages."""
    return {"en": en, "zh-CN": zh}


class Q(str):
    """Text always written in double quotes (dates, versions, postcodes, phone numbers)."""

    __slots__ = ()


# ---------------------------------------------------------------------------------------------
# Organizations and places
# ---------------------------------------------------------------------------------------------

NAME_PARTS = [
    ("Qingyun", "青云"),
    ("Huaxin", "华信"),
    ("Tianhe", "天河"),
    ("Lanting", "兰亭"),
    ("Xinghai", "星海"),
    ("Jiahe", "嘉禾"),
    ("Yunfan", "云帆"),
    ("Beichen", "北辰"),
    ("Mingde", "明德"),
    ("Haitang", "海棠"),
    ("Zhiyuan", "致远"),
    ("Ruifeng", "瑞丰"),
    ("Northwind", "北风"),
    ("Bluepeak", "蓝峰"),
    ("Silverline", "银线"),
    ("Brightleaf", "明叶"),
    ("Songtao", "松涛"),
    ("Jinghong", "惊鸿"),
]


@dataclass(frozen=True)
class Sector:
    key: str
    name: dict[str, str]
    legal: dict[str, str]
    product: dict[str, str]
    data: tuple[str, ...]  # data categories this kind of service typically collects
    purposes: tuple[str, ...]


SECTORS = [
    Sector(
        "cloud",
        L("Cloud", "云"),
        L("Cloud Computing Technology", "云计算科技"),
        L("cloud console", "云控制台"),
        ("identity", "payment", "network", "content", "transaction"),
        ("verify-identity", "provide-core-service", "payments-settlement", "security-risk-control"),
    ),
    Sector(
        "mobile",
        L("Mobile", "移动"),
        L("Mobile Internet Technology", "移动互联网科技"),
        L("mobile app", "手机应用"),
        ("location", "address-book", "media", "voice", "social"),
        ("location-services", "contacts-friends", "voice-assistant", "social-login"),
    ),
    Sector(
        "pay",
        L("Pay", "支付"),
        L("Payment Services", "支付服务"),
        L("wallet app", "钱包应用"),
        ("identity", "biometric", "payment", "financial", "transaction"),
        ("verify-identity", "payments-settlement", "security-risk-control", "legal-compliance"),
    ),
    Sector(
        "health",
        L("Health", "健康"),
        L("Health Technology", "健康科技"),
        L("health app", "健康应用"),
        ("health", "identity", "biometric", "media"),
        ("health-services", "verify-identity", "research-surveys"),
    ),
    Sector(
        "travel",
        L("Travel", "出行"),
        L("travel app", "出行应用"),
        L("travel app", "出行应用"),
        ("travel", "location", "identity", "payment"),
        ("location-services", "process-orders", "verify-identity", "payments-settlement"),
    ),
    Sector(
        "shop",
        L("Shop", "商城"),
        L("E-commerce", "电子商务"),
        L("online store", "网上商城"),
        ("delivery", "transaction", "payment", "cookie-ids"),
        ("process-orders", "deliver-goods", "personalised-recommendations", "advertising"),
    ),
    Sector(
        "games",
        L("Games", "游戏"),
        L("Interactive Entertainment", "互动娱乐"),
        L("game platform", "游戏平台"),
        ("minors", "identity", "voice", "social", "payment"),
        ("child-accounts", "verify-identity", "social-login", "payments-settlement"),
    ),
    Sector(
        "learn",
        L("Learning", "学堂"),
        L("Education Technology", "教育科技"),
        L("learning app", "学习应用"),
        ("minors", "education", "media", "voice"),
        ("child-accounts", "education-recruitment", "content-publishing", "voice-assistant"),
    ),
    Sector(
        "telecom",
        L("Telecom", "通信"),
        L("Telecommunications", "通信技术"),
        L("customer service app", "掌上营业厅"),
        ("identity", "network", "location", "payment", "transaction"),
        ("verify-identity", "provide-core-service", "payments-settlement", "legal-compliance"),
    ),
    Sector(
        "express",
        L("Express", "速运"),
        L("Logistics", "物流"),
        L("shipping app", "寄件应用"),
        ("delivery", "identity", "location", "transaction"),
        ("deliver-goods", "verify-identity", "location-services", "process-orders"),
    ),
]


@dataclass(frozen=True)
class City:
    name: dict[str, str]
    region: dict[str, str]
    country: str
    postcode: str  # prefix; empty where the place uses no postcodes
    phone: str  # dialling prefix for a local number
    district: dict[str, str]
    street: dict[str, str]


CITIES = {
    "CN": [
        City(
            L("Shenzhen", "深圳市"),
            L("Guangdong", "广东省"),
            "CN",
            "5180",
            "0755-",
            L("Nanshan District", "南山区"),
            L("Keyuan Road South", "科苑南路"),
        ),
        City(
            L("Guangzhou", "广州市"),
            L("Guangdong", "广东省"),
            "CN",
            "5106",
            "020-",
            L("Tianhe District", "天河区"),
            L("Huacheng Avenue", "花城大道"),
        ),
        City(
            L("Hangzhou", "杭州市"),
            L("Zhejiang", "浙江省"),
            "CN",
            "3100",
            "0571-",
            L("Binjiang District", "滨江区"),
            L("Wangshang Road", "网商路"),
        ),
        City(
            L("Beijing", "北京市"),
            L("Beijing", "北京市"),
            "CN",
            "1000",
            "010-",
            L("Haidian District", "海淀区"),
            L("Zhongguancun Street", "中关村大街"),
        ),
        City(
            L("Shanghai", "上海市"),
            L("Shanghai", "上海市"),
            "CN",
            "2000",
            "021-",
            L("Pudong New Area", "浦东新区"),
            L("Century Avenue", "世纪大道"),
        ),
        City(
            L("Chengdu", "成都市"),
            L("Sichuan", "四川省"),
            "CN",
            "6100",
            "028-",
            L("Wuhou District", "武侯区"),
            L("Tianfu Avenue", "天府大道"),
        ),
        City(
            L("Nanjing", "南京市"),
            L("Jiangsu", "江苏省"),
            "CN",
            "2100",
            "025-",
            L("Jianye District", "建邺区"),
            L("Jiangdong Road Middle", "江东中路"),
        ),
        City(
            L("Wuhan", "武汉市"),
            L("Hubei", "湖北省"),
            "CN",
            "4300",
            "027-",
            L("Hongshan District", "洪山区"),
            L("Guanggu Avenue", "光谷大道"),
        ),
    ],
    "HK": [
        City(
            L("Hong Kong", "香港"),
            L("Hong Kong Island", "港岛"),
            "HK",
            "",
            "+852 ",
            L("Central", "中环"),
            L("Queen's Road Central", "皇后大道中"),
        ),
    ],
    "SG": [
        City(
            L("Singapore", "新加坡"),
            L("Central Region", "中区"),
            "SG",
            "0189",
            "+65 ",
            L("Marina Bay", "滨海湾"),
            L("Marina Boulevard", "滨海林荫道"),
        ),
    ],
    "DE": [
        City(
            L("Berlin", "柏林"),
            L("Berlin", "柏林州"),
            "DE",
            "101",
            "+49 30 ",
            L("Mitte", "米特区"),
            L("Friedrichstraße", "弗里德里希大街"),
        ),
    ],
}

RESPONSE_TIME = {"CN": (15, "working-day"), "HK": (40, "day"), "SG": (30, "day"), "DE": (1, "month")}
CONSENT_AGE = {"CN": 14, "HK": 18, "SG": 13, "DE": 16}
TIME_WORDS = {
    "working-day": L("working days", "个工作日"),
    "day": L("days", "天"),
    "month": L("month(s)", "个月"),
    "year": L("year(s)", "年"),
}

REGULATORS = {
    "reg-cac": (
        L("Cyberspace Administration of China", "国家互联网信息办公室"),
        "CN",
        "https://www.cac.gov.cn/",
        "cyberspace-administration",
    ),
    "reg-miit": (
        L("Ministry of Industry and Information Technology", "工业和信息化部"),
        "CN",
        "https://www.miit.gov.cn/",
        "telecom-regulator",
    ),
    "reg-samr": (
        L("State Administration for Market Regulation", "国家市场监督管理总局"),
        "CN",
        "https://www.samr.gov.cn/",
        "consumer-protection",
    ),
    "reg-pcpd": (
        L("Office of the Privacy Commissioner for Personal Data, Hong Kong", "香港个人资料私隐专员公署"),
        "HK",
        "https://www.pcpd.org.hk/",
        "data-protection-authority",
    ),
    "reg-pdpc": (
        L("Personal Data Protection Commission Singapore", "新加坡个人数据保护委员会"),
        "SG",
        "https://www.pdpc.gov.sg/",
        "data-protection-authority",
    ),
    "reg-berlin": (
        L("Berlin Commissioner for Data Protection and Freedom of Information", "柏林数据保护与信息自由专员"),
        "DE",
        "https://www.datenschutz-berlin.de/",
        "data-protection-authority",
    ),
}
LOCAL_REGULATOR = {"HK": "reg-pcpd", "SG": "reg-pdpc", "DE": "reg-berlin"}

# ---------------------------------------------------------------------------------------------
# Structured parts: pools of realistic items in both languages
# ---------------------------------------------------------------------------------------------

# key -> (id, label, description, examples, sensitive, sources, required)
CATEGORIES: dict[
    str, tuple[str, dict[str, str], dict[str, str], list[dict[str, str]], bool, list[str], bool]
] = {
    "account": (
        "account-info",
        L("Account information", "账号信息"),
        L(
            "When you register an account we collect your **mobile phone number** and the password you set, "
            "and you may add a nickname, avatar and date of birth to complete your profile.",
            "您注册账号时，我们会收集您的**手机号码**及您设置的密码；您还可以补充昵称、"
            "头像和生日以完善个人资料。",
        ),
        [L("mobile phone number", "手机号码"), L("nickname", "昵称"), L("avatar", "头像")],
        False,
        ["data-subject"],
        True,
    ),
    "identity": (
        "identity-info",
        L("Identity verification information", "身份认证信息"),
        L(
            "Where the law requires real-name registration, or when you apply for a service that needs it, "
            "we collect your **name and resident identity card number** and check them with an authorized "
            "verification service.",
            "根据法律法规关于实名制的要求，或在您申请需要实名认证的服务时，"
            "我们会收集您的**姓名和居民身份证号码**，并通过经授权的认证机构进行核验。",
        ),
        [L("full name", "真实姓名"), L("ID card number", "身份证号码"), L("ID card photos", "身份证照片")],
        True,
        ["data-subject", "third-party"],
        False,
    ),
    "contact": (
        "contact-info",
        L("Contact details", "联系方式"),
        L(
            "The e-mail address, phone number and mailing address you give us so that we can reply to you "
            "and send service notices.",
            "您提供给我们的电子邮箱、电话号码和通讯地址，用于回复您的咨询并向您发送服务通知。",
        ),
        [L("e-mail address", "电子邮箱"), L("phone number", "电话号码")],
        False,
        ["data-subject"],
        True,
    ),
    "device": (
        "device-info",
        L("Device information", "设备信息"),
        L(
            "To keep the service running and secure we collect information about the device you use, such as "
            "the device model, operating system version, device settings and unique device identifiers "
            "(such as Android ID, OAID or IDFV).",
            "为保障服务正常运行与安全，我们会收集您所使用设备的相关信息，包括设备型号、操作系统版本、"
            "设备设置及唯一设备标识符（如 Android ID、OAID、IDFV）。",
        ),
        [
            L("device model", "设备型号"),
            L("operating system version", "操作系统版本"),
            L("device identifiers", "设备标识符"),
        ],
        False,
        ["device"],
        True,
    ),
    "log": (
        "log-info",
        L("Log information", "日志信息"),
        L(
            "When you use the service our servers automatically record logs, including your IP address, the "
            "time and duration of access, the pages you visit, crash records and error reports.",
            "当您使用本服务时，我们的服务器会自动记录日志，包括 IP 地址、访问时间及时长、浏览页面、"
            "崩溃记录和错误报告。",
        ),
        [L("IP address", "IP 地址"), L("access time", "访问时间"), L("crash records", "崩溃记录")],
        False,
        ["device", "generated"],
        True,
    ),
    "location": (
        "location-info",
        L("Precise location", "精确位置信息"),
        L(
            "With your permission we collect your **precise geographic location** through GPS, Wi-Fi access "
            "points and base stations, for example to show services near you. You can turn the location "
            "permission off in your device settings at any time.",
            "经您授权，我们会通过 GPS、Wi-Fi 接入点和基站等方式收集您的**精确地理位置信息**，"
            "例如为您展示附近的服务。您可以随时在设备设置中关闭位置权限。",
        ),
        [L("GPS coordinates", "GPS 坐标"), L("nearby Wi-Fi access points", "附近 Wi-Fi 接入点")],
        True,
        ["device"],
        False,
    ),
    "payment": (
        "payment-info",
        L("Payment information", "支付信息"),
        L(
            "When you pay, we collect the **bank card number**, payment channel and payment status needed to "
            "complete the payment. Card data is processed by licensed payment institutions.",
            "您付款时，我们会收集完成支付所需的**银行卡号**、支付渠道和支付状态。"
            "银行卡信息由持牌支付机构处理。",
        ),
        [L("bank card number", "银行卡号"), L("payment channel", "支付渠道")],
        True,
        ["data-subject", "third-party"],
        False,
    ),
    "transaction": (
        "transaction-info",
        L("Order and transaction records", "订单与交易记录"),
        L(
            "Records of the products and services you order, the amount paid, the time of the transaction "
            "and invoice details.",
            "您所订购的商品或服务、支付金额、交易时间及发票信息等记录。",
        ),
        [L("order number", "订单号"), L("amount paid", "支付金额"), L("invoice title", "发票抬头")],
        False,
        ["data-subject", "generated"],
        False,
    ),
    "address-book": (
        "address-book-info",
        L("Contacts list", "通讯录信息"),
        L(
            "If you choose to find friends from your contacts, we read the phone numbers in your address "
            "book on your device; they are encrypted before upload and used only for matching.",
            "如您选择从通讯录添加好友，我们将读取您设备通讯录中的电话号码；上传前会进行加密，且仅用于匹配好友。",
        ),
        [L("contact names", "联系人姓名"), L("contact phone numbers", "联系人电话号码")],
        True,
        ["device"],
        False,
    ),
    "biometric": (
        "facial-info",
        L("Facial recognition information", "人脸识别信息"),
        L(
            "When you choose face verification, we collect **facial images** and compare them with the "
            "authoritative source. We keep only the result of the comparison, not the images.",
            "当您选择人脸验证时，我们会收集您的**面部图像**并与权威数据源进行比对。我们仅保存比对结果，"
            "不保存面部图像。",
        ),
        [L("facial images", "面部图像"), L("comparison result", "比对结果")],
        True,
        ["data-subject"],
        False,
    ),
    "health": (
        "health-info",
        L("Health information", "健康生理信息"),
        L(
            "If you use health services we process the **health information** you record or that is "
            "generated by connected devices, such as step counts, heart rate, sleep data and medical "
            "records.",
            "如您使用健康服务，我们将处理您记录的或由所连接设备产生的**健康生理信息**，如步数、心率、"
            "睡眠数据和病历资料。",
        ),
        [L("heart rate", "心率"), L("sleep data", "睡眠数据"), L("medical records", "病历资料")],
        True,
        ["data-subject", "device"],
        False,
    ),
    "usage": (
        "usage-info",
        L("Usage information", "使用情况信息"),
        L(
            "How you use the service: the features you use, the content you view, your search queries and "
            "the buttons you click.",
            "您使用本服务的情况，包括您使用的功能、浏览的内容、搜索记录以及点击操作。",
        ),
        [L("search history", "搜索记录"), L("browsing history", "浏览记录")],
        False,
        ["device", "generated"],
        False,
    ),
    "customer-service": (
        "support-records",
        L("Customer service records", "客服记录"),
        L(
            "When you contact customer service we keep your messages, call recordings and the information "
            "you provide to resolve your request.",
            "当您联系客服时，我们会保存您的沟通记录、通话录音以及您为解决问题而提供的信息。",
        ),
        [L("chat transcripts", "聊天记录"), L("call recordings", "通话录音")],
        False,
        ["data-subject"],
        False,
    ),
    "content": (
        "user-content",
        L("Content you publish", "您发布的内容"),
        L(
            "The text, pictures, comments and other content you publish or upload, and related information "
            "such as the time of publication.",
            "您发布或上传的文字、图片、评论等内容，以及发布时间等相关信息。",
        ),
        [L("comments", "评论"), L("pictures", "图片")],
        False,
        ["data-subject"],
        False,
    ),
    "social": (
        "third-party-account-info",
        L("Third-party account information", "第三方账号信息"),
        L(
            "If you sign in with a third-party account, we receive the nickname, avatar and identifier that "
            "the third party shares with your authorization.",
            "如您使用第三方账号登录，我们将在您授权后获取第三方共享的昵称、头像及账号标识。",
        ),
        [L("nickname", "昵称"), L("open ID", "开放标识")],
        False,
        ["third-party"],
        False,
    ),
    "cookie-ids": (
        "advertising-ids",
        L("Cookie and advertising identifiers", "Cookie 与广告标识符"),
        L(
            "Identifiers stored by cookies and similar technologies and the advertising identifier of your "
            "device, used to measure and personalize advertising.",
            "通过 Cookie 及同类技术存储的标识符以及您设备的广告标识符，用于广告效果衡量和个性化推荐。",
        ),
        [L("cookie ID", "Cookie 标识"), L("advertising ID", "广告标识符")],
        False,
        ["device"],
        False,
    ),
    "network": (
        "network-info",
        L("Network information", "网络信息"),
        L(
            "The type of network you use, your carrier and signal strength, collected to keep connections "
            "stable and to diagnose faults.",
            "您使用的网络类型、运营商和信号强度，用于保障连接稳定并进行故障诊断。",
        ),
        [L("network type", "网络类型"), L("carrier", "运营商")],
        False,
        ["device"],
        True,
    ),
    "media": (
        "media-info",
        L("Photos, audio and video", "照片、音频和视频"),
        L(
            "With your permission we access the photos, audio and video you choose to upload, for example "
            "when you change your avatar or send a picture to customer service.",
            "经您授权，我们会访问您选择上传的照片、音频和视频，例如更换头像或向客服发送图片时。",
        ),
        [L("photos", "照片"), L("videos", "视频")],
        False,
        ["data-subject", "device"],
        False,
    ),
    "delivery": (
        "delivery-info",
        L("Delivery information", "收货信息"),
        L(
            "The recipient's name, **delivery address** and phone number you enter so that your order can be "
            "delivered.",
            "您填写的收货人姓名、**收货地址**及联系电话，用于配送您的订单。",
        ),
        [L("recipient name", "收货人姓名"), L("delivery address", "收货地址")],
        False,
        ["data-subject"],
        False,
    ),
    "education": (
        "education-info",
        L("Education and employment information", "教育与职业信息"),
        L(
            "Your school, grade, learning records, and, if you apply for a job, your CV and employment "
            "history.",
            "您的学校、年级、学习记录；如您申请职位，还包括您的简历和工作经历。",
        ),
        [L("school", "学校"), L("learning records", "学习记录"), L("CV", "简历")],
        False,
        ["data-subject", "generated"],
        False,
    ),
    "voice": (
        "voice-info",
        L("Voice information", "语音信息"),
        L(
            "When you use voice input or the voice assistant, we process your voice recordings and convert "
            "them to text. Recordings are deleted after conversion unless you choose to keep them.",
            "当您使用语音输入或语音助手时，我们会处理您的语音并将其转换为文字。除非您选择保留，"
            "转换完成后录音将被删除。",
        ),
        [L("voice recordings", "语音录音")],
        False,
        ["data-subject"],
        False,
    ),
    "minors": (
        "minor-info",
        L("Children's personal information", "儿童个人信息"),
        L(
            "Personal information of **children under 14**, which we process only with the consent of a "
            "parent or guardian and under our separate children's rules.",
            "**不满十四周岁儿童**的个人信息，我们仅在取得其父母或其他监护人同意后，"
            "按照专门的儿童个人信息保护规则处理。",
        ),
        [L("child's age", "儿童年龄"), L("guardian's phone number", "监护人手机号码")],
        True,
        ["data-subject"],
        False,
    ),
    "travel": (
        "itinerary-info",
        L("Itinerary information", "行程信息"),
        L(
            "Your **travel itinerary**, including departure and destination, travel dates and traveller "
            "details, collected when you book a trip.",
            "您预订行程时提供的**行踪轨迹**相关信息，包括出发地、目的地、出行日期及出行人信息。",
        ),
        [L("departure and destination", "出发地与目的地"), L("travel dates", "出行日期")],
        True,
        ["data-subject", "generated"],
        False,
    ),
    "financial": (
        "financial-info",
        L("Credit and financial information", "信用与财产信息"),
        L(
            "Information about your **credit status and assets**, such as account balances and credit "
            "reports, processed when you apply for financial services.",
            "您申请金融服务时，我们处理的与您**信用状况及财产**相关的信息，如账户余额和征信报告。",
        ),
        [L("account balance", "账户余额"), L("credit report", "征信报告")],
        True,
        ["third-party", "data-subject"],
        False,
    ),
    "calendar": (
        "calendar-info",
        L("Calendar information", "日历信息"),
        L(
            "With your permission we write reminders into your device calendar; we do not read other events.",
            "经您授权，我们会将提醒事项写入您的设备日历，不会读取您的其他日程。",
        ),
        [L("reminder events", "提醒事项")],
        False,
        ["device"],
        False,
    ),
    "feedback": (
        "feedback-info",
        L("Survey and feedback information", "调研与反馈信息"),
        L(
            "Your answers to surveys and the feedback you send us about our products.",
            "您参与问卷调研的答复以及您向我们提交的产品反馈。",
        ),
        [L("survey answers", "问卷答复"), L("feedback", "反馈意见")],
        False,
        ["data-subject"],
        False,
    ),
}
CORE_CATEGORIES = ("account", "contact", "device", "log")

# key -> (label, description or None, data category keys, legal bases, required, refusal consequence or None)
PURPOSES: dict[
    str, tuple[dict[str, str], dict[str, str] | None, tuple[str, ...], list[str], bool, dict[str, str] | None]
] = {
    "register-account": (
        L("Registering and managing your account", "注册与管理账号"),
        None,
        ("account", "contact"),
        ["contract"],
        True,
        L(
            "You cannot register an account, but you can still browse as a visitor.",
            "您将无法注册账号，但仍可以游客身份浏览。",
        ),
    ),
    "verify-identity": (
        L("Verifying your identity", "实名认证"),
        L("Real-name verification required by law for some services.", "法律法规要求部分服务进行实名认证。"),
        ("identity", "biometric"),
        ["legal-obligation", "separate-consent"],
        False,
        L("You cannot use services that require real-name verification.", "您将无法使用需要实名认证的服务。"),
    ),
    "provide-core-service": (
        L("Providing the basic functions of the service", "提供基本业务功能"),
        None,
        ("device", "network", "usage"),
        ["contract"],
        True,
        None,
    ),
    "process-orders": (
        L("Processing your orders", "处理您的订单"),
        None,
        ("transaction", "payment", "delivery", "travel"),
        ["contract"],
        True,
        None,
    ),
    "deliver-goods": (
        L("Delivering goods to you", "为您配送商品"),
        None,
        ("delivery", "contact"),
        ["contract"],
        False,
        L("We cannot deliver your order.", "我们将无法为您配送订单。"),
    ),
    "customer-support": (
        L("Answering your questions and complaints", "客户服务与投诉处理"),
        None,
        ("customer-service", "contact", "account"),
        ["contract"],
        False,
        None,
    ),
    "security-risk-control": (
        L("Keeping accounts and transactions secure", "保障账号与交易安全"),
        L("Detecting fraud, account theft and other security risks.", "识别欺诈、盗号等安全风险。"),
        ("device", "log", "network", "location"),
        ["legal-obligation", "contract"],
        True,
        None,
    ),
    "personalised-recommendations": (
        L("Showing personalized recommendations", "提供个性化推荐"),
        L("You can turn personalized recommendations off in the settings.", "您可以在设置中关闭个性化推荐。"),
        ("usage", "cookie-ids"),
        ["consent"],
        False,
        L(
            "You will see recommendations that are not based on your interests.",
            "您看到的推荐内容将不基于您的兴趣。",
        ),
    ),
    "marketing-messages": (
        L("Sending you offers and news", "向您发送优惠与资讯"),
        None,
        ("contact",),
        ["consent"],
        False,
        L(
            "You will not receive offers; service notices are not affected.",
            "您将不会收到优惠信息，服务通知不受影响。",
        ),
    ),
    "analytics-improvement": (
        L("Analysing and improving our products", "产品分析与改进"),
        None,
        ("usage", "log", "feedback"),
        ["consent"],
        False,
        None,
    ),
    "location-services": (
        L("Providing location-based services", "提供基于位置的服务"),
        None,
        ("location", "travel"),
        ["consent"],
        False,
        L("Location-based features will not be available.", "基于位置的功能将无法使用。"),
    ),
    "content-publishing": (
        L("Publishing and sharing content", "发布与分享内容"),
        None,
        ("content", "media"),
        ["contract"],
        False,
        None,
    ),
    "social-login": (
        L("Signing in with a third-party account", "第三方账号登录"),
        None,
        ("social",),
        ["consent"],
        False,
        None,
    ),
    "health-services": (
        L("Providing health management services", "提供健康管理服务"),
        L("Processed only with your separate consent.", "仅在取得您的单独同意后处理。"),
        ("health",),
        ["separate-consent"],
        False,
        L("Health features will not be available.", "健康相关功能将无法使用。"),
    ),
    "payments-settlement": (
        L("Handling payments and refunds", "支付结算与退款"),
        None,
        ("payment", "financial", "transaction"),
        ["contract", "legal-obligation"],
        True,
        None,
    ),
    "legal-compliance": (
        L("Complying with legal obligations", "履行法定义务"),
        None,
        ("log", "transaction", "identity"),
        ["legal-obligation"],
        True,
        None,
    ),
    "contacts-friends": (
        L("Finding friends from your contacts", "通过通讯录添加好友"),
        None,
        ("address-book",),
        ["consent"],
        False,
        None,
    ),
    "voice-assistant": (
        L("Voice input and voice assistant", "语音输入与语音助手"),
        None,
        ("voice",),
        ["consent"],
        False,
        None,
    ),
    "research-surveys": (
        L("Conducting surveys", "开展用户调研"),
        None,
        ("feedback",),
        ["consent"],
        False,
        None,
    ),
    "child-accounts": (
        L("Providing children's accounts", "提供儿童账号服务"),
        L("Only with the consent of a parent or guardian.", "仅在取得父母或其他监护人同意后提供。"),
        ("minors",),
        ["separate-consent"],
        False,
        None,
    ),
    "advertising": (
        L("Showing and measuring advertising", "广告投放与效果衡量"),
        None,
        ("cookie-ids", "usage"),
        ["consent"],
        False,
        None,
    ),
    "education-recruitment": (
        L("Providing courses and recruitment services", "提供课程与招聘服务"),
        None,
        ("education",),
        ["contract"],
        False,
        None,
    ),
    "reminders": (
        L("Adding reminders to your calendar", "添加日历提醒"),
        None,
        ("calendar",),
        ["consent"],
        False,
        None,
    ),
}
CORE_PURPOSES = ("register-account", "provide-core-service", "customer-support", "security-risk-control")

# key -> (id, name, description, purpose keys, data keys, required)
PERMISSIONS = {
    "location": (
        "perm-location",
        L("Location", "位置"),
        L("Used to show nearby services and to detect unusual logins.", "用于展示附近服务及识别异常登录。"),
        ("location-services", "security-risk-control"),
        ("location",),
        False,
    ),
    "camera": (
        "perm-camera",
        L("Camera", "相机"),
        L("Used to scan QR codes, take photos and verify your face.", "用于扫描二维码、拍照和人脸验证。"),
        ("verify-identity", "content-publishing"),
        ("biometric", "media"),
        False,
    ),
    "microphone": (
        "perm-microphone",
        L("Microphone", "麦克风"),
        L("Used for voice input and voice calls with customer service.", "用于语音输入及与客服语音通话。"),
        ("voice-assistant", "customer-support"),
        ("voice",),
        False,
    ),
    "contacts": (
        "perm-contacts",
        L("Contacts", "通讯录"),
        L("Used to find friends and to fill in phone numbers quickly.", "用于添加好友和快速填写手机号码。"),
        ("contacts-friends",),
        ("address-book",),
        False,
    ),
    "photos": (
        "perm-photos",
        L("Photos and storage", "相册与存储"),
        L("Used to upload pictures and to save files to your device.", "用于上传图片及将文件保存到设备。"),
        ("content-publishing",),
        ("media",),
        False,
    ),
    "notifications": (
        "perm-notifications",
        L("Notifications", "通知"),
        L("Used to send order updates and security alerts.", "用于发送订单状态和安全提醒。"),
        ("process-orders", "security-risk-control"),
        (),
        False,
    ),
    "phone-state": (
        "perm-phone-state",
        L("Phone status", "电话状态"),
        L("Used to read device identifiers for security checks.", "用于读取设备标识以进行安全校验。"),
        ("security-risk-control",),
        ("device",),
        True,
    ),
    "calendar": (
        "perm-calendar",
        L("Calendar", "日历"),
        L("Used to add reminders you ask for.", "用于添加您设置的提醒。"),
        ("reminders",),
        ("calendar",),
        False,
    ),
    "bluetooth": (
        "perm-bluetooth",
        L("Bluetooth", "蓝牙"),
        L("Used to connect wearable devices.", "用于连接可穿戴设备。"),
        ("health-services", "provide-core-service"),
        ("health", "device"),
        False,
    ),
}

CONSENT_EXCEPTIONS = [
    (
        "ce-contract",
        L(
            "Where it is necessary to conclude or perform a contract to which you are a party.",
            "为订立、履行您作为一方当事人的合同所必需。",
        ),
    ),
    (
        "ce-legal-duty",
        L(
            "Where it is necessary to perform our statutory duties or obligations.",
            "为履行法定职责或者法定义务所必需。",
        ),
    ),
    (
        "ce-public-health",
        L(
            "Where it is necessary to respond to a public health emergency, or to protect life, "
            "health and property in an emergency.",
            "为应对突发公共卫生事件，或者紧急情况下为保护自然人的生命健康和财产安全所必需。",
        ),
    ),
    (
        "ce-news",
        L(
            "Where personal information is processed within a reasonable scope for news reporting and "
            "supervision by public opinion in the public interest.",
            "为公共利益实施新闻报道、舆论监督等行为，在合理的范围内处理个人信息。",
        ),
    ),
    (
        "ce-public-info",
        L(
            "Where the information has been made public by you or otherwise lawfully, and is "
            "processed within a reasonable scope.",
            "在合理的范围内处理您自行公开或者其他已经合法公开的个人信息。",
        ),
    ),
    (
        "ce-employment",
        L(
            "Where it is necessary for human resources management under lawful labour rules and "
            "collective contracts.",
            "按照依法制定的劳动规章制度和依法签订的集体合同实施人力资源管理所必需。",
        ),
    ),
    (
        "ce-national-security",
        L(
            "Where it relates directly to national security or national defence.",
            "与国家安全、国防安全直接相关的。",
        ),
    ),
    (
        "ce-criminal",
        L(
            "Where it relates directly to criminal investigation, prosecution, trial or the "
            "enforcement of judgments.",
            "与刑事侦查、起诉、审判和判决执行等直接相关的。",
        ),
    ),
    (
        "ce-other-law",
        L(
            "Other circumstances provided for by laws and administrative regulations.",
            "法律、行政法规规定的其他情形。",
        ),
    ),
    (
        "ce-public-interest",
        L(
            "Where it relates directly to public safety, public health or major public interests.",
            "与公共安全、公共卫生、重大公共利益直接相关的。",
        ),
    ),
]
EXCEPTION_ACTIVITIES = [
    ["collection", "use"],
    ["collection", "use", "sharing"],
    ["collection", "use", "sharing", "transfer", "public-disclosure"],
]

SHARING_EXCEPTIONS = [
    (
        "share-ce-law",
        L(
            "Where disclosure is required by laws, regulations, court orders or competent authorities.",
            "根据法律法规、法院判决或有权机关的要求进行披露。",
        ),
    ),
    (
        "share-ce-safety",
        L(
            "Where it is necessary to protect the life and property of you or others and your "
            "consent cannot be obtained in time.",
            "为维护您或他人的生命、财产安全且难以及时取得您同意的。",
        ),
    ),
    (
        "share-ce-public",
        L("Where the information is made public by you yourself.", "您自行向社会公众公开的个人信息。"),
    ),
    (
        "share-ce-litigation",
        L(
            "Where it is necessary to resolve a dispute or to exercise legal claims.",
            "为解决争议或行使法律权利所必需的。",
        ),
    ),
    (
        "share-ce-security",
        L(
            "Where it relates directly to national security, public safety or criminal investigation.",
            "与国家安全、公共安全或刑事侦查直接相关的。",
        ),
    ),
]

# key -> (id, kind, label, purpose text, purpose keys, duration, party)
COOKIES = {
    "session": (
        "cookie-session",
        "session-cookie",
        L("Session cookie", "会话 Cookie"),
        L("Keeps you signed in while you browse.", "在您浏览期间保持登录状态。"),
        ("register-account",),
        L("until you close the browser", "关闭浏览器即失效"),
        "first-party",
    ),
    "preferences": (
        "cookie-preferences",
        "persistent-cookie",
        L("Preference cookie", "偏好设置 Cookie"),
        L("Remembers your language and display settings.", "记住您的语言和显示设置。"),
        ("provide-core-service",),
        L("12 months", "12 个月"),
        "first-party",
    ),
    "analytics": (
        "sdk-analytics",
        "sdk",
        L("Analytics SDK", "统计分析 SDK"),
        L("Counts visits and crashes so that we can improve the service.", "统计访问和崩溃情况以改进服务。"),
        ("analytics-improvement",),
        L("24 months", "24 个月"),
        "third-party",
    ),
    "pixel": (
        "pixel-advertising",
        "pixel-tag",
        L("Advertising pixel", "广告像素标签"),
        L("Measures whether an advertisement led to a visit or purchase.", "衡量广告是否带来访问或购买。"),
        ("advertising",),
        L("90 days", "90 天"),
        "third-party",
    ),
    "local-storage": (
        "local-storage-cache",
        "local-storage",
        L("Local storage", "本地存储"),
        L("Stores pages offline so that they load faster.", "离线存储页面以加快加载速度。"),
        ("provide-core-service",),
        L("until you clear it", "直至您清除"),
        "first-party",
    ),
    "beacon": (
        "beacon-email",
        "web-beacon",
        L("E-mail web beacon", "电子邮件网络信标"),
        L("Tells us whether a message we sent was opened.", "了解我们发送的邮件是否被打开。"),
        ("marketing-messages",),
        L("single use", "一次性"),
        "first-party",
    ),
}

# key -> (id, name-or-kind, is_named, role, activities, purpose keys, data keys, conditions, location)
RECIPIENTS = {
    "payment": (
        "payment-providers",
        L("Licensed payment institutions", "持牌支付机构"),
        False,
        "controller",
        ["sharing"],
        ("payments-settlement", "process-orders"),
        ("payment", "transaction"),
        [L("only the information needed to complete the payment", "仅限完成支付所必需的信息")],
        None,
    ),
    "logistics": (
        "logistics-companies",
        L("Logistics and delivery companies", "物流配送服务商"),
        False,
        "controller",
        ["sharing"],
        ("deliver-goods",),
        ("delivery", "contact"),
        [L("the delivery address is masked on the waybill", "面单上的收货地址将进行去标识化处理")],
        None,
    ),
    "cloud": (
        "cloud-providers",
        L("Cloud hosting and technical service providers", "云服务及技术服务提供商"),
        False,
        "processor",
        ["entrusted-processing"],
        ("provide-core-service",),
        ("device", "log", "account"),
        [
            L("bound by a data processing agreement", "签署数据处理协议"),
            L("may not use the data for their own purposes", "不得将数据用于其自身目的"),
        ],
        None,
    ),
    "support": (
        "support-outsourcing",
        L("Outsourced customer service providers", "外包客服服务商"),
        False,
        "processor",
        ["entrusted-processing"],
        ("customer-support",),
        ("customer-service", "contact"),
        [L("access is limited to open tickets", "仅可访问未结工单")],
        None,
    ),
    "ads": (
        "advertising-partners",
        L("Advertising and marketing partners", "广告及营销合作伙伴"),
        False,
        "controller",
        ["sharing"],
        ("advertising",),
        ("cookie-ids",),
        [
            L("only de-identified information", "仅共享去标识化信息"),
            L("only with your consent", "仅在取得您同意后"),
        ],
        None,
    ),
    "authorities": (
        "authorities",
        L("Government authorities and courts", "政府机关及司法机关"),
        False,
        "authority",
        ["sharing"],
        ("legal-compliance",),
        ("identity", "log", "transaction"),
        [L("only when required by law", "仅在法律要求时")],
        None,
    ),
    "acquirer": (
        "successor",
        L("A successor in a merger, acquisition or restructuring", "合并、分立或重组的接收方"),
        False,
        "controller",
        ["transfer"],
        (),
        (),
        [
            L(
                "you will be told the recipient's name and contact details",
                "我们将告知您接收方的名称和联系方式",
            )
        ],
        None,
    ),
    "public": (
        "the-public",
        L("The public", "社会公众"),
        False,
        "public",
        ["public-disclosure"],
        (),
        ("content",),
        [L("only with your separate consent", "仅在取得您的单独同意后")],
        None,
    ),
}

# key -> (id, kind, text)
MEASURES = {
    "encryption": (
        "measure-encryption",
        "technical",
        L(
            "Data in transit is protected with TLS and sensitive data is encrypted at rest.",
            "数据传输采用 TLS 加密，敏感数据加密存储。",
        ),
    ),
    "access": (
        "measure-access-control",
        "organizational",
        L(
            "Staff access personal information on a need-to-know basis, with approval and audit logs.",
            "员工按照最小必要原则访问个人信息，访问需审批并留存审计日志。",
        ),
    ),
    "deidentify": (
        "measure-deidentification",
        "technical",
        L("Personal information used for analysis is de-identified.", "用于分析的个人信息经过去标识化处理。"),
    ),
    "training": (
        "measure-training",
        "organizational",
        L("All staff receive privacy and security training every year.", "全体员工每年接受隐私与安全培训。"),
    ),
    "datacenter": (
        "measure-datacenter",
        "physical",
        L(
            "Data centres have access control, video surveillance and fire protection.",
            "数据中心配备门禁、视频监控和消防设施。",
        ),
    ),
    "contracts": (
        "measure-contracts",
        "contractual",
        L(
            "Partners that process personal information sign confidentiality and data protection agreements.",
            "处理个人信息的合作方须签署保密及数据保护协议。",
        ),
    ),
    "monitoring": (
        "measure-monitoring",
        "technical",
        L(
            "Systems are monitored around the clock for intrusions and abnormal access.",
            "我们对系统进行全天候监测，及时发现入侵和异常访问。",
        ),
    ),
    "incident-plan": (
        "measure-incident-plan",
        "organizational",
        L(
            "We keep an incident response plan and rehearse it regularly.",
            "我们制定了安全事件应急预案并定期演练。",
        ),
    ),
    "backup": (
        "measure-backup",
        "technical",
        L("Data is backed up across several sites to prevent loss.", "数据在多个站点备份，防止丢失。"),
    ),
}
CERTIFICATIONS = {
    "iso27001": (
        "cert-iso-27001",
        L("ISO/IEC 27001", "ISO/IEC 27001"),
        L("Information security management system", "信息安全管理体系"),
    ),
    "iso27701": (
        "cert-iso-27701",
        L("ISO/IEC 27701", "ISO/IEC 27701"),
        L("Privacy information management system", "隐私信息管理体系"),
    ),
    "mlps": (
        "cert-mlps-3",
        L("Cybersecurity Classified Protection, Level 3", "网络安全等级保护三级"),
        L("Core business systems", "核心业务系统"),
    ),
    "soc2": ("cert-soc2", L("SOC 2 Type II", "SOC 2 Type II"), L("Cloud services", "云服务")),
    "pcidss": ("cert-pci-dss", L("PCI DSS", "PCI DSS"), L("Card payment processing", "银行卡支付处理")),
}

LAWS = {
    "cybersecurity": (
        L("Cybersecurity Law of the People's Republic of China", "《中华人民共和国网络安全法》"),
        L("Article 21", "第二十一条"),
        "CN",
    ),
    "ecommerce": (
        L("E-Commerce Law of the People's Republic of China", "《中华人民共和国电子商务法》"),
        L("Article 31", "第三十一条"),
        "CN",
    ),
    "aml": (
        L("Anti-Money Laundering Law of the People's Republic of China", "《中华人民共和国反洗钱法》"),
        L("Article 19", "第十九条"),
        "CN",
    ),
    "accounting": (
        L("Accounting Archives Management Measures", "《会计档案管理办法》"),
        L("Article 14", "第十四条"),
        "CN",
    ),
    "hgb": (L("German Commercial Code (HGB)", "《德国商法典》"), L("Section 257", "第257条"), "DE"),
    "hk-tax": (
        L("Inland Revenue Ordinance (Cap. 112)", "《税务条例》（第112章）"),
        L("Section 51C", "第51C条"),
        "HK",
    ),
}

# key -> (id, data keys, subject, (value, unit) or None, a minimum?, description, law key or None)
RETENTION = {
    "logs": (
        "retention-logs",
        ("log",),
        L("Network logs", "网络日志"),
        (6, "month"),
        True,
        L(
            "Network logs are kept for at least six months, as the law requires.",
            "网络日志依法留存不少于六个月。",
        ),
        "cybersecurity",
    ),
    "orders": (
        "retention-orders",
        ("transaction",),
        L("Order and transaction records", "订单与交易记录"),
        (3, "year"),
        True,
        L(
            "Transaction records are kept for at least three years after the transaction is completed.",
            "交易信息自交易完成之日起保存不少于三年。",
        ),
        "ecommerce",
    ),
    "aml": (
        "retention-kyc",
        ("identity", "transaction"),
        L("Customer identity and transaction records", "客户身份资料和交易记录"),
        (5, "year"),
        True,
        L(
            "Customer identity data is kept for at least five years after the business relationship ends.",
            "客户身份资料在业务关系结束后至少保存五年。",
        ),
        "aml",
    ),
    "accounting": (
        "retention-accounting",
        ("payment", "transaction"),
        L("Invoices and accounting vouchers", "发票与会计凭证"),
        (30, "year"),
        True,
        L("Accounting vouchers are kept for thirty years.", "会计凭证保存三十年。"),
        "accounting",
    ),
    "account": (
        "retention-account",
        ("account", "contact"),
        L("Account information", "账号信息"),
        None,
        False,
        L(
            "Kept while your account exists and deleted or anonymized within 15 working days after you "
            "cancel it.",
            "在您的账号存续期间保存，注销后15个工作日内删除或匿名化处理。",
        ),
        None,
    ),
    "support": (
        "retention-support",
        ("customer-service",),
        L("Customer service records", "客服记录"),
        (1, "year"),
        False,
        L("Customer service records are kept for one year.", "客服记录保存一年。"),
        None,
    ),
    "location": (
        "retention-location",
        ("location",),
        L("Location information", "位置信息"),
        (30, "day"),
        False,
        L("Precise location is kept for no longer than 30 days.", "精确位置信息保存不超过30天。"),
        None,
    ),
    "necessary": (
        "retention-default",
        (),
        L("Other personal information", "其他个人信息"),
        None,
        False,
        L(
            "Kept for the shortest time needed for the purposes in this policy, unless the law requires "
            "longer.",
            "除法律另有规定外，保存期限为实现本政策所述目的所必需的最短时间。",
        ),
        None,
    ),
}
FOREIGN_RETENTION = {
    "DE": (
        "retention-commercial",
        ("transaction",),
        L("Commercial and tax records", "商业与税务记录"),
        (10, "year"),
        True,
        L(
            "Commercial and tax records are kept for ten years under German law.",
            "根据德国法律，商业与税务记录保存十年。",
        ),
        "hgb",
    ),
    "HK": (
        "retention-tax-hk",
        ("transaction",),
        L("Business records", "业务记录"),
        (7, "year"),
        True,
        L(
            "Business records are kept for seven years under Hong Kong tax law.",
            "根据香港税务法例，业务记录保存七年。",
        ),
        "hk-tax",
    ),
}

# kind -> (label, how, exceptions, consequence)
RIGHTS: dict[str, tuple[dict[str, str], dict[str, str], list[dict[str, str]], dict[str, str] | None]] = {
    "access": (
        L("Access your personal information", "查阅您的个人信息"),
        L(
            "Open **Me > Settings > Account and security** in the app to see your account information, "
            "or send us a request.",
            "您可以在应用内“我的 > 设置 > 账号与安全”查看账号信息，或向我们提出申请。",
        ),
        [],
        None,
    ),
    "copy": (
        L("Get a copy of your personal information", "复制您的个人信息"),
        L(
            "Ask us for a copy; we will send it to you in a common electronic format.",
            "您可以向我们申请获取个人信息副本，我们将以常用电子格式提供。",
        ),
        [L("where the request would harm the rights of others", "请求将损害他人合法权益的")],
        None,
    ),
    "rectification": (
        L("Correct or complete your personal information", "更正、补充您的个人信息"),
        L(
            "Edit your profile directly, or contact us if you cannot change a field yourself.",
            "您可以直接编辑个人资料；无法自行修改的，可以联系我们处理。",
        ),
        [],
        None,
    ),
    "erasure": (
        L("Delete your personal information", "删除您的个人信息"),
        L(
            "Ask us to delete your personal information where the purpose has been achieved, you withdraw "
            "consent, or we process it unlawfully.",
            "在处理目的已实现、您撤回同意或我们违法处理等情形下，您可以要求我们删除个人信息。",
        ),
        [
            L("where the law requires us to keep the information", "法律法规要求我们保存的"),
            L(
                "where deletion is technically impossible; we then stop all processing except storage",
                "技术上难以实现删除的，我们将停止除存储以外的处理",
            ),
        ],
        None,
    ),
    "restriction": (
        L("Restrict or refuse processing", "限制或拒绝处理"),
        L(
            "Tell us which processing you object to; we will stop it unless the law requires it.",
            "您可以告诉我们您反对的处理活动，除法律另有规定外我们将停止处理。",
        ),
        [],
        None,
    ),
    "withdraw-consent": (
        L("Withdraw your consent", "撤回同意"),
        L(
            "Turn the relevant permission or switch off in the settings.",
            "您可以在设置中关闭相应权限或开关。",
        ),
        [],
        L("Withdrawal does not affect processing before it.", "撤回同意不影响撤回前基于同意已进行的处理。"),
    ),
    "account-cancellation": (
        L("Cancel your account", "注销账号"),
        L(
            "Go to **Settings > Account and security > Cancel account** and follow the steps.",
            "您可以通过“设置 > 账号与安全 > 注销账号”按提示操作。",
        ),
        [],
        L("After cancellation your account cannot be restored.", "注销后账号将无法恢复。"),
    ),
    "portability": (
        L("Transfer your personal information", "转移您的个人信息"),
        L(
            "Ask us to transfer your personal information to another handler you name, where the "
            "conditions set by the regulator are met.",
            "在符合监管机构规定条件的情况下，您可以请求将个人信息转移至您指定的处理者。",
        ),
        [],
        None,
    ),
    "opt-out-marketing": (
        L("Unsubscribe from marketing", "退订营销信息"),
        L(
            "Reply TD to a marketing text message or use the unsubscribe link in an e-mail.",
            "您可以回复“TD”退订营销短信，或点击邮件中的退订链接。",
        ),
        [],
        None,
    ),
    "automated-decision": (
        L("Refuse decisions made only by automated means", "拒绝仅通过自动化决策作出的决定"),
        L(
            "You can ask for an explanation and refuse decisions that significantly affect you.",
            "对于对您的权益有重大影响的决定，您有权要求说明并拒绝。",
        ),
        [],
        None,
    ),
    "explanation": (
        L("Ask us to explain our rules", "要求解释说明处理规则"),
        L(
            "Contact us and we will explain how and why we process your personal information.",
            "您可以联系我们，我们将就个人信息处理规则作出解释说明。",
        ),
        [],
        None,
    ),
    "complaint": (
        L("Complain", "投诉举报"),
        L(
            "Complain to us, or to the regulators listed in this policy.",
            "您可以向我们或本政策列明的监管机构投诉。",
        ),
        [],
        None,
    ),
}
CORE_RIGHTS = ("access", "rectification", "erasure", "withdraw-consent", "account-cancellation")

REFUSALS = [
    (
        "refusal-security",
        L("requests that relate to national security or public safety", "与国家安全、公共安全直接相关的请求"),
    ),
    (
        "refusal-criminal",
        L("requests that relate to criminal investigation or trial", "与刑事侦查、审判直接相关的请求"),
    ),
    (
        "refusal-abuse",
        L(
            "requests that are unreasonably repetitive or clearly excessive",
            "无端重复、明显超出合理限度的请求",
        ),
    ),
    (
        "refusal-others",
        L("requests that would seriously harm the rights of others", "将严重损害他人合法权益的请求"),
    ),
    (
        "refusal-evidence",
        L(
            "requests where there is evidence of bad faith or abuse of rights",
            "有证据表明您存在主观恶意或滥用权利的请求",
        ),
    ),
    ("refusal-secrets", L("requests that would disclose trade secrets", "涉及商业秘密的请求")),
]
MATERIAL_CHANGES = [
    (
        "mc-model",
        L(
            "a major change to our service model, such as the purposes or types of personal information "
            "processed",
            "我们的服务模式发生重大变化，如处理目的、处理的个人信息类型等",
        ),
    ),
    (
        "mc-ownership",
        L("a change of control, such as a merger or acquisition", "我们的控制权发生变更，如并购重组"),
    ),
    (
        "mc-recipients",
        L(
            "a change in the main recipients of shared or transferred information",
            "个人信息共享、转让的主要对象发生变化",
        ),
    ),
    (
        "mc-rights",
        L(
            "a major change in your rights and how to exercise them",
            "您参与个人信息处理的权利及其行使方式发生重大变化",
        ),
    ),
    (
        "mc-contact",
        L(
            "a change of the department or contact responsible for personal information",
            "负责处理个人信息安全的部门、联络方式发生变化",
        ),
    ),
    (
        "mc-risk",
        L("a security impact assessment shows a high risk", "个人信息安全影响评估报告表明存在高风险"),
    ),
]
ANNOUNCE = ["email", "sms", "pop-up", "homepage-notice", "in-app-notice", "website", "push-notification"]
SAFEGUARDS = [
    ["separate-consent", "standard-contract"],
    ["separate-consent", "security-assessment"],
    ["consent", "certification"],
    ["standard-contract", "confidentiality-agreement"],
]

# ---------------------------------------------------------------------------------------------
# Prose: section titles and paragraphs, per topic and language
# ---------------------------------------------------------------------------------------------

# key -> (topic, title, parts shown, opening paragraphs, extra paragraphs used to reach the target size)
SECTION_KINDS: dict[
    str, tuple[str, dict[str, str], tuple[str, ...], list[dict[str, str]], list[dict[str, str]]]
] = {
    "introduction": (
        "introduction",
        L("Introduction", "引言"),
        (),
        [
            L(
                '{org} ("we", "us") respects your privacy. This policy explains how we collect, use, store, '
                "share and protect your personal information when you use the {product} and the related "
                'websites, mini programs and services (the "Services"), and how you can exercise your '
                "rights.",
                "{org}（以下简称“我们”）深知个人信息对您的重要性。本政策说明您使用{product}及相关网站、"
                "小程序和服务（以下统称“本服务”）时，我们如何收集、使用、存储、共享和保护您的个人信息，"
                "以及您如何行使相关权利。",
            ),
            L(
                "Please read this policy carefully. Terms that concern **sensitive personal information** or "
                "that may significantly affect your rights are shown in bold. You can find the latest "
                "version at any time at <{site}>.",
                "请您仔细阅读本政策。涉及**敏感个人信息**或可能对您的权益产生重大影响的条款，"
                "我们以加粗方式提示您注意。您可以随时访问 <{site}> 查看本政策的最新版本。",
            ),
        ],
        [
            L(
                "This policy applies to all products and services of {org} that refer or link to it. It does "
                "not apply to services offered by third parties, even when you reach them through our "
                "Services; those services have their own privacy policies.",
                "本政策适用于{org}提供的、引用或链接至本政策的所有产品和服务，不适用于第三方提供的服务，"
                "即使您通过本服务访问该等服务；此类服务适用其各自的隐私政策。",
            ),
            L(
                "In this policy, **personal information** means any information, recorded electronically or "
                "otherwise, that relates to an identified or identifiable natural person, excluding "
                "anonymized information. **Sensitive personal information** is personal information that, "
                "once leaked or used unlawfully, may easily harm a person's dignity or the safety of their "
                "person or property.",
                "本政策所称**个人信息**，是指以电子或者其他方式记录的与已识别或者可识别的自然人有关的各种信息"
                "，不包括匿名化处理后的信息。**敏感个人信息**是指一旦泄露或者非法使用，"
                "容易导致自然人的人格尊严受到侵害或者人身、财产安全受到危害的个人信息。",
            ),
            L(
                "We process personal information according to the principles of lawfulness, legitimacy, "
                "necessity and good faith, with clear and reasonable purposes, and limited to the minimum "
                "scope needed for those purposes.",
                "我们遵循合法、正当、必要和诚信原则处理个人信息，具有明确、合理的目的，"
                "并限于实现处理目的的最小范围。",
            ),
        ],
    ),
    "collection": (
        "collection",
        L("What personal information we collect", "我们收集的个人信息"),
        ("data_categories", "permissions"),
        [
            L(
                "We collect personal information that you provide to us, that is generated when you use the "
                "Services, and that we receive from third parties with your authorization. The table below "
                "summarizes which functions need which information.",
                "我们收集您主动提供的、在您使用本服务过程中产生的，以及经您授权从第三方获取的个人信息。"
                "下表概述了各项功能所需的信息。",
            ),
            L(
                "| Function | Information | Required |\n|---|---|---|\n| Registration and sign-in | account "
                "information | yes |\n| Orders and payment | transaction and payment information | for "
                "purchases |\n| Personalized features | usage information | no |",
                "| 功能 | 所需信息 | 是否必需 |\n|---|---|---|\n| 注册与登录 | 账号信息 | 是 |\n| 下单与支付 "
                "| 交易及支付信息 | 购买时必需 |\n| 个性化功能 | 使用情况信息 | 否 |",
            ),
        ],
        [
            L(
                "Some extended functions need device permissions. We ask for a permission only when you "
                "first use the function that needs it, and you can turn each permission off in your device "
                "settings. Turning a permission off stops further collection but does not affect processing "
                "already carried out.",
                "部分扩展功能需要调用设备权限。我们仅在您首次使用相关功能时申请对应权限，"
                "您可以在设备设置中逐项关闭。关闭权限后我们将不再继续收集，但不影响此前已进行的处理。",
            ),
            L(
                "If you refuse to provide information needed for a basic function, you may not be able to "
                "use that function; if you refuse information for an extended function, only that function "
                "is affected and you can keep using the others.",
                "如您拒绝提供基本功能所必需的信息，您可能无法使用该功能；如您拒绝提供扩展功能所需的信息，"
                "仅该扩展功能受到影响，您仍可正常使用其他功能。",
            ),
            L(
                "Our Services include software development kits (SDKs) from third parties, for example for "
                "payments, maps and push notifications. We assess their security before integrating them and "
                "require them to process personal information only as agreed.",
                "本服务中嵌入了第三方软件开发工具包（SDK），例如支付、地图和消息推送 SDK。"
                "我们在接入前会对其进行安全评估，并要求其仅按约定处理个人信息。",
            ),
            L(
                "When we collect information from third parties, we require them to confirm that the "
                "information was obtained lawfully and that they are entitled to share it with us.",
                "当我们从第三方获取您的个人信息时，我们会要求其说明信息来源，并确认其有权向我们提供。",
            ),
        ],
    ),
    "use": (
        "use",
        L("How we use personal information", "我们如何使用个人信息"),
        ("purposes", "consent_exceptions"),
        [
            L(
                "We use personal information only for the purposes listed below. If we want to use it for a "
                "new purpose, we will tell you and, where needed, ask for your consent first.",
                "我们仅将个人信息用于以下目的。如需将个人信息用于新的目的，我们将事先告知您，"
                "并在需要时征得您的同意。",
            ),
        ],
        [
            L(
                "When we use automated decision-making, for example to personalize what you see, we keep the "
                "decisions transparent and the results fair, and we offer an option that is not based on "
                "your personal characteristics.",
                "我们在利用个人信息进行自动化决策（例如个性化展示）时，保证决策的透明度和结果的公平、公正，"
                "并同时提供不针对您个人特征的选项。",
            ),
            L(
                "We may use statistics that cannot identify you to improve our products and to publish "
                "industry reports. Such statistics are not personal information.",
                "我们可能使用无法识别您身份的统计数据改进产品或发布行业报告，该等统计数据不属于个人信息。",
            ),
            L(
                "In the situations listed below we may process personal information without your consent, as "
                "permitted by law.",
                "在以下情形中，根据法律规定，我们处理个人信息无需征得您的同意。",
            ),
        ],
    ),
    "cookies": (
        "cookies",
        L("Cookies and similar technologies", "Cookie 和同类技术"),
        ("cookies",),
        [
            L(
                "We use cookies and similar technologies to keep you signed in, remember your settings and "
                "understand how the Services are used.",
                "我们使用 Cookie 和同类技术来保持您的登录状态、记住您的设置并了解本服务的使用情况。",
            ),
        ],
        [
            L(
                "Most browsers accept cookies by default. You can change your browser settings to refuse "
                "them, but some functions may then not work properly.",
                "大多数浏览器默认接受 Cookie。您可以修改浏览器设置以拒绝 Cookie，"
                "但部分功能可能因此无法正常使用。",
            ),
            L(
                "We do not use cookies for any purpose other than those described in this policy.",
                "我们不会将 Cookie 用于本政策所述目的之外的任何用途。",
            ),
        ],
    ),
    "sharing": (
        "sharing",
        L("How we share, transfer and disclose personal information", "我们如何共享、转让、公开披露个人信息"),
        ("sharing",),
        [
            L(
                "We do not sell your personal information. We share it only with the recipients below, for "
                "specific and lawful purposes, and only what is needed for those purposes.",
                "我们不会出售您的个人信息。我们仅为特定、合法的目的，与下列接收方共享实现目的所必需的个人信息。",
            ),
        ],
        [
            L(
                "Before we share personal information with another handler, we tell you the recipient's "
                "name, contact details, purposes and the types of information, and we obtain your separate "
                "consent.",
                "我们向其他个人信息处理者提供您的个人信息前，会向您告知接收方的名称、联系方式、"
                "处理目的和个人信息种类，并取得您的单独同意。",
            ),
            L(
                "Where we entrust a processor, we agree on the purpose, period, method and security measures "
                "by contract and supervise the processor's activities.",
                "我们委托处理个人信息时，会通过合同约定委托处理的目的、期限、方式及保护措施，"
                "并对受托人的处理活动进行监督。",
            ),
            L(
                "If the Services are sold, merged or restructured, we will require the new holder of your "
                "personal information to remain bound by this policy, or ask for your consent again.",
                "如本服务发生出售、合并或重组，我们将要求新的持有您个人信息的主体继续受本政策约束，"
                "否则将重新征得您的同意。",
            ),
        ],
    ),
    "storage": (
        "storage",
        L("How we store personal information", "我们如何存储个人信息"),
        ("storage",),
        [
            L(
                "We store personal information for as long as needed for the purposes of this policy, and no "
                "longer than the law allows.",
                "我们仅在实现本政策所述目的所必需的期限内存储您的个人信息，并不超过法律允许的期限。",
            ),
        ],
        [
            L(
                "When the retention period ends, or when we stop providing the Services, we delete or "
                "anonymize your personal information, and we tell you if we stop operating.",
                "保存期限届满或我们停止提供本服务时，我们将删除或匿名化处理您的个人信息；如我们停止运营，"
                "将以通知形式告知您。",
            ),
            L(
                "Backups are overwritten on a rolling schedule; information deleted from our live systems "
                "disappears from backups within 90 days.",
                "备份数据按周期滚动覆盖，从生产系统中删除的信息将在90天内从备份中清除。",
            ),
        ],
    ),
    "security": (
        "security",
        L("How we protect personal information", "我们如何保护个人信息"),
        ("security",),
        [
            L(
                "We use security measures that meet industry standards to protect personal information "
                "against unauthorized access, disclosure, use, modification, damage or loss.",
                "我们采取符合业界标准的安全防护措施，保护个人信息免遭未经授权的访问、公开披露、使用、修改、"
                "损坏或丢失。",
            ),
        ],
        [
            L(
                "The internet is not absolutely secure. Please keep your password and verification codes to "
                "yourself, and contact us at once if you think your account has been compromised.",
                "互联网环境并非绝对安全。请妥善保管您的密码和验证码，如您发现账号可能被盗用，请立即联系我们。",
            ),
            L(
                "If a security incident happens, we will tell you by e-mail, text message, phone call or "
                "push notification what happened, its possible effects, what we have done and what you can "
                "do, and we will report it to the regulators as required.",
                "如发生个人信息安全事件，我们将通过邮件、短信、电话或推送通知等方式告知您事件情况、"
                "可能的影响、我们已采取的措施及您可以采取的措施，并按规定向监管部门报告。",
            ),
        ],
    ),
    "rights": (
        "rights",
        L("Your rights", "您的权利"),
        ("rights",),
        [
            L(
                "You have rights over your personal information under the law. You can exercise most of them "
                "yourself in the app; for the others, write to <{email}> or call {phone}.",
                "根据法律规定，您对自己的个人信息享有相应权利。大部分权利您可以在应用内自行行使；"
                "其他权利可发送邮件至 <{email}> 或致电 {phone} 行使。",
            ),
        ],
        [
            L(
                "To protect your account, we may ask you to verify your identity before we handle a request. "
                "We answer within {days} {unit} after verification.",
                "为保障账号安全，我们可能在处理请求前要求验证您的身份，并在验证后{days}{unit}内答复。",
            ),
            L(
                "For requests that are reasonable we do not charge a fee. For repeated requests that clearly "
                "go beyond what is reasonable, we may charge a cost-based fee.",
                "对于合理的请求，我们原则上不收取费用；对于多次重复、明显超出合理限度的请求，"
                "我们可能视情况收取一定成本费用。",
            ),
        ],
    ),
    "children": (
        "children",
        L("Children's personal information", "儿童个人信息保护"),
        ("children",),
        [
            L(
                "Our Services are mainly intended for adults. Children under {age} may use them only with "
                "the consent of a parent or guardian.",
                "本服务主要面向成年人。未满{age}周岁的儿童须在父母或其他监护人同意后方可使用。",
            ),
        ],
        [
            L(
                "If we learn that we collected a child's personal information without verifiable parental "
                "consent, we will delete it as soon as possible.",
                "如我们发现在未事先获得可证实的监护人同意的情况下收集了儿童的个人信息，将尽快删除相关信息。",
            ),
            L(
                "Parents and guardians who have questions about their child's information can contact our "
                "personal information protection team.",
                "父母或其他监护人对儿童个人信息有疑问的，可以联系我们的个人信息保护团队。",
            ),
        ],
    ),
    "cross-border": (
        "cross-border",
        L("Transfers of personal information abroad", "个人信息的跨境传输"),
        ("cross_border",),
        [
            L(
                "Personal information collected in the course of our operations is stored locally by "
                "default. We transfer it abroad only where a service requires it and the legal conditions "
                "are met.",
                "我们在运营中收集的个人信息默认存储在境内。仅在业务确需且符合法律规定的条件下，我们才会向境外提供。",
            ),
        ],
        [
            L(
                "Before a transfer abroad, we tell you the recipient, the purpose, the types of information "
                "and how to exercise your rights against the overseas recipient, and we ask for your "
                "separate consent.",
                "向境外提供个人信息前，我们会告知您境外接收方的名称、处理目的、"
                "个人信息种类以及您向境外接收方行使权利的方式，并取得您的单独同意。",
            ),
            L(
                "We carry out a personal information protection impact assessment before each transfer and "
                "keep the records for at least three years.",
                "每次跨境传输前，我们都会开展个人信息保护影响评估，并将评估记录保存至少三年。",
            ),
        ],
    ),
    "updates": (
        "updates",
        L("How this policy is updated", "本政策如何更新"),
        ("updates",),
        [
            L(
                "We may update this policy from time to time. We will not reduce your rights under it "
                "without your explicit consent.",
                "我们可能适时修订本政策。未经您明确同意，我们不会削减您依据本政策所享有的权利。",
            ),
        ],
        [
            L(
                "Earlier versions of this policy are archived and you can ask us for them.",
                "本政策的历史版本已存档，您可以向我们申请查阅。",
            ),
            L(
                "If you keep using the Services after an update takes effect, the updated policy applies; "
                "for material changes we will ask for your consent again where the law requires it.",
                "更新生效后您继续使用本服务的，适用更新后的政策；对于重大变更，法律要求重新取得同意的，"
                "我们将再次征得您的同意。",
            ),
        ],
    ),
    "contact": (
        "contact",
        L("How to contact us", "如何联系我们"),
        ("controller", "complaints"),
        [
            L(
                "If you have questions, comments or complaints about this policy or how we handle your "
                "personal information, contact our personal information protection team at <{email}>, "
                "through our online form at <{form}>, or by phone at {phone}.",
                "如您对本政策或个人信息处理有任何疑问、意见或投诉，请通过电子邮件 <{email}>、在线表单 "
                "<{form}> 或电话 {phone} 联系我们的个人信息保护团队。",
            ),
        ],
        [
            L(
                "We will reply within {days} {unit} after verifying your identity.",
                "我们将在验证您的身份后{days}{unit}内予以答复。",
            ),
            L(
                "If you are not satisfied with our reply, especially if our processing harms your rights, "
                "you can complain to the regulators below or bring a lawsuit.",
                "如您对我们的答复不满意，特别是认为我们的个人信息处理行为损害了您的合法权益，"
                "您可以向下列监管部门投诉或提起诉讼。",
            ),
        ],
    ),
}
_OPENERS = {
    "introduction": 2,
    "collection": 2,
}  # how many opening paragraphs a section starts with (default 1)
SECTION_ORDER = (
    "introduction",
    "collection",
    "use",
    "cookies",
    "sharing",
    "storage",
    "security",
    "rights",
    "children",
    "cross-border",
    "updates",
    "contact",
)
# Sections that may become a sub-section of another, to vary the number of top-level sections.
MERGEABLE = {
    "use": "collection",
    "cookies": "collection",
    "cross-border": "storage",
    "security": "storage",
    "children": "rights",
    "updates": "contact",
}

# ---------------------------------------------------------------------------------------------
# Planning (language-neutral choices) and rendering (one language)
# ---------------------------------------------------------------------------------------------


@dataclass
class Plan:
    """Every random choice for one organization's policy, shared by its translations."""

    index: int
    policy_id: str
    name: tuple[str, str]
    sector: Sector
    jurisdiction: str
    city: City
    domain: str
    version: str
    published: date
    effective: date
    archived: date
    named: bool
    numbers: dict[str, int] = field(default_factory=dict)
    affiliates: list[tuple[str, str]] = field(default_factory=list)  # (id, relation)
    categories: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    permissions: list[str] = field(default_factory=list)
    exceptions: list[tuple[str, list[str]]] = field(default_factory=list)
    cookies: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    sharing_exceptions: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    retention: list[str] = field(default_factory=list)
    rights: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    announce: list[str] = field(default_factory=list)
    material_changes: list[str] = field(default_factory=list)
    regulators: list[str] = field(default_factory=list)
    safeguards: list[str] = field(default_factory=list)
    transfer_to: str = "SG"
    layout: list[tuple[str, list[str]]] = field(default_factory=list)  # (section, sub-sections)
    openers: dict[str, list[int]] = field(default_factory=dict)


def _pick(
    rng: random.Random, pool: list[str] | tuple[str, ...], k: int, first: tuple[str, ...] = ()
) -> list[str]:
    """`first` (those in the pool) plus random others, `k` in all, in pool order."""
    chosen = [p for p in first if p in pool][:k]
    rest = [p for p in pool if p not in chosen]
    chosen += rng.sample(rest, max(0, min(k - len(chosen), len(rest))))
    return [p for p in pool if p in chosen]


def make_plan(rng: random.Random, index: int) -> Plan:
    prefix = NAME_PARTS[rng.randrange(len(NAME_PARTS))]
    sector = SECTORS[rng.randrange(len(SECTORS))]
    jurisdiction = rng.choices(["CN", "HK", "SG", "DE"], weights=[75, 10, 8, 7])[0]
    city = rng.choice(CITIES[jurisdiction])
    slug = f"{prefix[0].lower()}-{sector.key}"
    published = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    effective = published + timedelta(days=rng.choice([0, 0, 7, 15, 30]))
    major = rng.randint(1, 6)
    version = str(major) if rng.random() < 0.4 else f"{major}.{rng.randint(0, 12)}"
    plan = Plan(
        index=index,
        policy_id=f"{slug}-{index:04d}",
        name=prefix,
        sector=sector,
        jurisdiction=jurisdiction,
        city=city,
        domain=f"{slug}.example",
        version=version,
        published=published,
        effective=effective,
        archived=effective + timedelta(days=rng.randrange(1, 400)),
        named=rng.random() < 0.9,
    )
    plan.numbers = {
        "street": rng.randint(1, 999),
        "floor": rng.randint(2, 38),
        "post": rng.randint(0, 99),
        "phone": rng.randint(20000000, 89999999),
        "hotline": rng.randint(20000000, 89999999),
        "ops_street": rng.randint(1, 999),
        "officer": rng.randrange(4),
        "title": rng.randrange(3),
    }
    plan.affiliates = [("aff-group", "parent"), ("aff-tech", "subsidiary"), ("aff-intl", "affiliate")][
        : rng.randint(1, 2)
    ]
    pool = list(CATEGORIES)
    plan.categories = _pick(rng, pool, rng.randint(10, 20), CORE_CATEGORIES + sector.data)
    categories = set(plan.categories)
    eligible = [p for p, spec in PURPOSES.items() if set(spec[2]) & categories]
    wanted = rng.randint(10, 15)
    plan.purposes = _pick(rng, eligible, wanted, CORE_PURPOSES + sector.purposes + ("legal-compliance",))
    if len(plan.purposes) < 10:  # too few categories with a matching purpose: add generic purposes
        plan.purposes = _pick(rng, list(PURPOSES), 10, tuple(plan.purposes))
    purposes = set(plan.purposes)
    perms = [k for k, spec in PERMISSIONS.items() if set(spec[3]) & purposes or set(spec[4]) & categories]
    plan.permissions = _pick(rng, perms, rng.randint(4, 7), ("notifications",))
    plan.exceptions = [
        (cid, rng.choice(EXCEPTION_ACTIVITIES))
        for cid in _pick(rng, [c[0] for c in CONSENT_EXCEPTIONS], rng.randint(4, 8))
    ]
    plan.cookies = _pick(rng, list(COOKIES), rng.randint(2, 4), ("session",))
    plan.recipients = _pick(rng, list(RECIPIENTS), rng.randint(3, 5), ("cloud", "authorities"))
    plan.sharing_exceptions = _pick(rng, [c[0] for c in SHARING_EXCEPTIONS], rng.randint(2, 4))
    plan.measures = _pick(rng, list(MEASURES), rng.randint(3, 6), ("encryption", "access"))
    plan.certifications = _pick(rng, list(CERTIFICATIONS), rng.randint(1, 2), ("mlps",))
    retention = _pick(rng, list(RETENTION), rng.randint(3, 5), ("logs", "account", "necessary"))
    plan.retention = [r for r in retention if r != "necessary"] + ["necessary"]
    plan.rights = _pick(rng, list(RIGHTS), rng.randint(6, 9), CORE_RIGHTS)
    plan.refusals = _pick(rng, [r[0] for r in REFUSALS], rng.randint(2, 4))
    plan.announce = _pick(rng, ANNOUNCE, rng.randint(2, 3), ("in-app-notice",))
    plan.material_changes = _pick(rng, [m[0] for m in MATERIAL_CHANGES], rng.randint(2, 4))
    regulators = ["reg-cac", *_pick(rng, ["reg-miit", "reg-samr"], rng.randint(0, 2))]
    if jurisdiction in LOCAL_REGULATOR:
        regulators.insert(0, LOCAL_REGULATOR[jurisdiction])
    plan.regulators = regulators
    plan.safeguards = rng.choice(SAFEGUARDS)
    plan.transfer_to = "CN" if jurisdiction != "CN" else rng.choice(["SG", "HK", "DE"])
    # Sections: start from all twelve and fold some into others, leaving 8 to 12 at the top level.
    top = rng.randint(8, 12)
    folded = set(rng.sample(sorted(MERGEABLE), len(SECTION_ORDER) - top))
    layout: list[tuple[str, list[str]]] = []
    for kind in SECTION_ORDER:
        if kind not in folded:
            layout.append((kind, []))
    for kind in SECTION_ORDER:
        if kind in folded:
            host = MERGEABLE[kind]
            while host in folded:  # the host itself was folded: go up one more level
                host = MERGEABLE[host]
            next(children for name, children in layout if name == host).append(kind)
    plan.layout = layout
    return plan


class Renderer:
    """Builds one language's policy document from a plan."""

    def __init__(self, plan: Plan, lang: str) -> None:
        self.plan = plan
        self.lang = lang
        p = plan
        self.en = lang == "en"
        self.org = p.name[0] + " " + p.sector.name["en"] if self.en else p.name[1] + p.sector.name["zh-CN"]
        self.site = f"https://www.{p.domain}/"
        self.email = f"privacy@{p.domain}"
        self.form = f"https://www.{p.domain}/privacy/request"
        self.phone = self._phone(p.numbers["hotline"], hotline=True)
        days, unit = RESPONSE_TIME[p.jurisdiction]
        self.context = {
            "org": self.org,
            "product": f"{self.org} {p.sector.product['en']}"
            if self.en
            else f"{self.org}{p.sector.product['zh-CN']}",
            "site": self.site,
            "email": self.email,
            "form": self.form,
            "phone": self.phone,
            "days": str(days),
            "unit": TIME_WORDS[unit][lang],
            "age": str(CONSENT_AGE[p.jurisdiction]),
        }

    def t(self, text: dict[str, str]) -> str:
        return text[self.lang].format_map(self.context)

    def _phone(self, number: int, *, hotline: bool = False) -> str:
        city = self.plan.city
        digits = str(number)
        if city.country == "CN" and hotline:
            return f"400-{digits[:3]}-{digits[3:7]}"
        return f"{city.phone}{digits[:4]} {digits[4:]}"

    def document(self) -> dict[str, Any]:
        p = self.plan
        controlling = controlling_language(p)
        doc: dict[str, Any] = {
            "policy": p.policy_id,
            "version": Q(p.version),
            "language": self.lang,
            "title": self.t(L("Privacy Policy", "隐私政策"))
            if p.numbers["title"]
            else (f"{self.org} Privacy Policy" if self.en else f"{self.org}隐私政策"),
            "status": "published",
            "published": Q(p.published.isoformat()),
            "effective": Q(p.effective.isoformat()),
            "controlling_language": controlling,
            **self.translation_mark(controlling),
            "source": {
                "url": f"https://www.{p.domain}/legal/privacy" + ("" if self.en else "?lang=zh-CN"),
                "archived_on": Q(p.archived.isoformat()),
                "note": self.t(
                    L(
                        "Synthetic policy generated for the PolicyPress benchmarks.",
                        "为 PolicyPress 性能测试生成的虚构政策。",
                    )
                ),
            },
            "controller": self.controller(),
            "data_categories": self.categories(),
            "purposes": self.purposes(),
            "permissions": self.permissions(),
            "consent_exceptions": [
                {"id": cid, "text": self.t(text), **({"applies_to": activities} if i < 2 else {})}
                for i, ((cid, text), activities) in enumerate(self._exceptions())
            ],
            "cookies": self.cookies(),
            "sharing": self.sharing(),
            "security": self.security(),
            "storage": self.storage(),
            "rights": self.rights(),
            "children": self.children(),
            "cross_border": self.cross_border(),
            "updates": self.updates(),
            "complaints": self.complaints(),
        }
        doc["sections"] = self.sections()
        return doc

    def translation_mark(self, controlling: str) -> dict[str, Any]:
        """The file not in the controlling language is a translation of the other, and says so."""
        if self.lang == controlling:
            return {}
        by = self.t(L("PolicyPress benchmarks", "PolicyPress 性能测试"))
        return {"translation": {"from": controlling, "by": by, "date": Q(self.plan.published.isoformat())}}

    def _exceptions(self) -> list[tuple[tuple[str, dict[str, str]], list[str]]]:
        texts = dict(CONSENT_EXCEPTIONS)
        return [((cid, texts[cid]), activities) for cid, activities in self.plan.exceptions]

    def controller(self) -> dict[str, Any]:
        p, en = self.plan, self.en
        city = p.city
        legal = (
            f"{city.name['en'].split(' ')[0]} {p.name[0]} {p.sector.legal['en']} Co., Ltd."
            if en
            else f"{city.name['zh-CN'].rstrip('市')}{p.name[1]}{p.sector.legal['zh-CN']}有限公司"
        )
        if p.jurisdiction == "DE":
            legal = (
                f"{p.name[0]} {p.sector.name['en']} GmbH"
                if en
                else f"{p.name[1]}{p.sector.name['zh-CN']}有限责任公司"
            )
        elif p.jurisdiction in ("HK", "SG"):
            suffix = L("Limited", "有限公司") if p.jurisdiction == "HK" else L("Pte. Ltd.", "私人有限公司")
            legal = (
                f"{p.name[0]} {p.sector.legal['en']} {suffix['en']}"
                if en
                else f"{city.name['zh-CN']}{p.name[1]}{p.sector.legal['zh-CN']}{suffix['zh-CN']}"
            )
        controller: dict[str, Any] = {"id": p.policy_id.rsplit("-", 1)[0], "name": self.org}
        if p.named:
            controller["legal_name"] = legal
        else:
            controller["legal_name"] = None
            controller["unnamed_note"] = self.t(
                L(
                    "The policy does not state the legal name of the company behind the Services; it calls "
                    'the operator only "we".',
                    "本政策未载明提供本服务的公司的法定名称，仅以“我们”指代运营者。",
                )
            )
        controller["jurisdiction"] = p.jurisdiction
        controller["website"] = self.site
        affiliate_names = {
            "aff-group": (L("{org} Group", "{org}集团"), "parent"),
            "aff-tech": (L("{org} Technology Services Co., Ltd.", "{org}技术服务有限公司"), "subsidiary"),
            "aff-intl": (L("{org} International Pte. Ltd.", "{org}国际私人有限公司"), "affiliate"),
        }
        controller["affiliates"] = [
            {
                "id": aid,
                "name": self.t(affiliate_names[aid][0]),
                "relation": relation,
                "covered": relation != "parent",
            }
            for aid, relation in p.affiliates
        ]
        n = p.numbers
        hq = {
            "id": "registered-office",
            "label": self.t(L("Registered office", "注册地址")),
            "lines": (
                [
                    f"No. {n['street']} {city.street['en']}, {city.district['en']}",
                    f"Floor {n['floor']}, Tower A",
                ]
                if en
                else [f"{city.district['zh-CN']}{city.street['zh-CN']}{n['street']}号", f"A座{n['floor']}层"]
            ),
            "city": city.name[self.lang],
            "region": city.region[self.lang],
        }
        if city.postcode:
            hq["postcode"] = Q(
                f"{city.postcode}{n['post']:0{6 - len(city.postcode)}d}"[:6]
                if city.country != "DE"
                else f"{city.postcode}{n['post'] % 100:02d}"
            )
        hq["country"] = city.country
        ops_city = CITIES["CN"][n["ops_street"] % len(CITIES["CN"])]
        ops = {
            "id": "operations-center",
            "label": self.t(L("Operations center", "运营中心")),
            "lines": (
                [f"No. {n['ops_street']} {ops_city.street['en']}, {ops_city.district['en']}"]
                if en
                else [f"{ops_city.district['zh-CN']}{ops_city.street['zh-CN']}{n['ops_street']}号"]
            ),
            "city": ops_city.name[self.lang],
            "region": ops_city.region[self.lang],
            "postcode": Q(f"{ops_city.postcode}{n['ops_street'] % 100:02d}"),
            "country": "CN",
        }
        controller["addresses"] = [hq, ops] if n["ops_street"] % 2 else [hq]
        contacts: list[dict[str, Any]] = [
            {"id": "privacy-email", "kind": "email", "value": self.email},
            {
                "id": "hotline",
                "kind": "phone",
                "label": self.t(L("Customer service hotline", "客服热线")),
                "value": Q(self.phone),
                "hours": self.t(L("9:00-21:00, every day", "每天 9:00-21:00")),
            },
            {
                "id": "office-phone",
                "kind": "phone",
                "label": self.t(L("Office", "办公电话")),
                "value": Q(self._phone(n["phone"])),
            },
            {
                "id": "privacy-mail",
                "kind": "postal",
                "address": "registered-office",
                "recipient": self.t(L("Personal Information Protection Office", "个人信息保护办公室")),
            },
            {
                "id": "privacy-form",
                "kind": "web-form",
                "label": self.t(L("Online request form", "在线申请表")),
                "value": self.form,
            },
        ]
        controller["contacts"] = [c for c in contacts if c["id"] != "office-phone" or n["phone"] % 2]
        roles = [
            ("pipo", L("Personal information protection officer", "个人信息保护负责人")),
            ("privacy-team", L("Privacy team", "隐私保护团队")),
            ("dpo", L("Data protection officer", "数据保护官")),
            ("pipl-representative", L("Representative in mainland China", "境内代表")),
        ]
        role, title = roles[0 if p.jurisdiction == "CN" else (2 if p.jurisdiction == "DE" else 3)]
        officer = {
            "id": "officer",
            "role": role,
            "title": self.t(title),
            "contacts": ["privacy-email", "privacy-mail"],
        }
        if n["officer"] == 0:
            officer["name"] = "Li Ming" if en else "李明"
        if n["officer"] == 1:
            officer["reports_to"] = self.t(L("the board of directors", "董事会"))
        officers = [officer]
        if n["officer"] >= 2:
            officers.append(
                {
                    "id": "privacy-team",
                    "role": "privacy-team",
                    "title": self.t(roles[1][1]),
                    "contacts": ["privacy-email", "privacy-form"],
                }
            )
        controller["officers"] = officers
        return controller

    def categories(self) -> list[dict[str, Any]]:
        out = []
        for i, key in enumerate(self.plan.categories):
            cid, label, description, examples, sensitive, sources, required = CATEGORIES[key]
            item: dict[str, Any] = {
                "id": cid,
                "label": self.t(label),
                "description": self.t(description) + "\n",
            }
            if i % 3 == 0:
                item["examples"] = [self.t(e) for e in examples]
            item["sensitive"] = sensitive
            if i % 2 == 0 or sensitive:
                item["sources"] = sources
            if i % 4 == 1:
                item["required"] = required
            if not required and i % 5 == 2:
                item["refusal_consequence"] = self.t(
                    L(
                        "You can still use the basic functions of the Services.",
                        "不影响您使用本服务的基本功能。",
                    )
                )
            out.append(item)
        return out

    def _cat_ids(self, keys: tuple[str, ...] | list[str]) -> list[str]:
        return [CATEGORIES[k][0] for k in keys if k in self.plan.categories]

    def _purpose_ids(self, keys: tuple[str, ...] | list[str]) -> list[str]:
        return [k for k in keys if k in self.plan.purposes]

    def purposes(self) -> list[dict[str, Any]]:
        out = []
        for i, key in enumerate(self.plan.purposes):
            label, description, data, bases, required, refusal = PURPOSES[key]
            item: dict[str, Any] = {"id": key, "label": self.t(label)}
            if description:
                item["description"] = self.t(description) + "\n"
            refs = self._cat_ids(data) or [CATEGORIES[self.plan.categories[i % len(self.plan.categories)]][0]]
            item["data"] = refs
            if i % 2 == 0 or "separate-consent" in bases:
                item["legal_basis"] = bases
            if i % 3 == 0:
                item["required"] = required
            if refusal and i % 3 == 1:
                item["refusal_consequence"] = self.t(refusal)
            out.append(item)
        return out

    def permissions(self) -> list[dict[str, Any]]:
        out = []
        for i, key in enumerate(self.plan.permissions):
            pid, name, description, purposes, data, required = PERMISSIONS[key]
            item: dict[str, Any] = {
                "id": pid,
                "name": self.t(name),
                "description": self.t(description) + "\n",
            }
            if refs := self._purpose_ids(purposes):
                item["purposes"] = refs
            if i % 2 and (refs := self._cat_ids(data)):
                item["data"] = refs
            if required:
                item["required"] = required
            out.append(item)
        return out

    def cookies(self) -> dict[str, Any]:
        technologies = []
        for key in self.plan.cookies:
            cid, kind, label, purpose, purposes, duration, party = COOKIES[key]
            item: dict[str, Any] = {
                "id": cid,
                "kind": kind,
                "label": self.t(label),
                "purpose": self.t(purpose),
            }
            if len(technologies) % 2 and (refs := self._purpose_ids(purposes)):
                item["purposes"] = refs
            item["duration"] = self.t(duration)
            item["party"] = party
            technologies.append(item)
        return {
            "used": True,
            "technologies": technologies,
            "how_to_refuse": self.t(
                L(
                    "You can delete or block cookies in your browser settings, and reset the advertising "
                    "identifier in your device settings.",
                    "您可以在浏览器设置中删除或阻止 Cookie，并可以在设备设置中重置广告标识符。",
                )
            )
            + "\n",
            "do_not_track": {
                "honoured": False,
                "text": self.t(
                    L("We do not respond to Do Not Track signals.", "我们不响应浏览器的“请勿追踪”信号。")
                ),
            },
        }

    def sharing(self) -> dict[str, Any]:
        recipients = []
        for key in self.plan.recipients:
            rid, name, named, role, activities, purposes, data, conditions, location = RECIPIENTS[key]
            item: dict[str, Any] = {"id": rid, "activities": activities}
            item["name" if named else "kind"] = self.t(name)
            item["role"] = role
            if refs := self._purpose_ids(purposes):
                item["purposes"] = refs
            elif key == "acquirer":
                item["purpose"] = self.t(L("a merger, acquisition or restructuring", "合并、收购或重组"))
            elif key == "public":
                item["purpose"] = self.t(L("publishing winners of promotions", "公示活动获奖名单"))
            if refs := self._cat_ids(data):
                item["data"] = refs
            item["conditions"] = [self.t(conditions[0])]
            if location:
                item["location"] = location
            recipients.append(item)
        recipients.append(
            {
                "id": "overseas-affiliate",
                "activities": ["sharing"],
                "name": self.t(L("{org} International Pte. Ltd.", "{org}国际私人有限公司")),
                "role": "affiliate",
                "purposes": self._purpose_ids(["provide-core-service", "customer-support"])
                or [self.plan.purposes[0]],
                "data": self._cat_ids(["account", "device"]),
                "location": self.plan.transfer_to,
            }
        )
        texts = dict(SHARING_EXCEPTIONS)
        return {
            "recipients": recipients,
            "consent_exceptions": [
                {"id": cid, "text": self.t(texts[cid])} for cid in self.plan.sharing_exceptions
            ],
            "records_kept": self.t(
                L(
                    "We record each sharing, transfer and disclosure, including its date, recipient and the "
                    "types of information.",
                    "我们会记录每次共享、转让和公开披露的日期、接收方及个人信息类型。",
                )
            ),
        }

    def security(self) -> dict[str, Any]:
        return {
            "measures": [
                {"id": MEASURES[k][0], "kind": MEASURES[k][1], "text": self.t(MEASURES[k][2])}
                for k in self.plan.measures
            ],
            "certifications": [
                {
                    "id": CERTIFICATIONS[k][0],
                    "name": self.t(CERTIFICATIONS[k][1]),
                    "scope": self.t(CERTIFICATIONS[k][2]),
                }
                for k in self.plan.certifications
            ],
            "incident_notification": {
                "individuals": True,
                "authorities": True,
                "channels": [
                    self.t(c)
                    for c in (
                        L("e-mail", "邮件"),
                        L("text message", "短信"),
                        L("push notification", "推送通知"),
                    )
                ],
                "text": self.t(
                    L(
                        "We tell you and the regulators promptly after an incident.",
                        "发生安全事件后，我们将及时告知您并向监管部门报告。",
                    )
                ),
            },
        }

    def storage(self) -> dict[str, Any]:
        p = self.plan
        home = p.jurisdiction
        locations = [
            {
                "id": f"storage-{home.lower()}",
                "country": home,
                "description": self.t(L("Our own data centres", "自有数据中心")),
            }
        ]
        if home != "CN":
            locations.append(
                {
                    "id": "storage-cn",
                    "country": "CN",
                    "description": self.t(L("Data of users in mainland China", "中国境内用户的数据")),
                }
            )
        retention = []
        keys = list(p.retention)
        specs = [RETENTION[k] for k in keys]
        if home in FOREIGN_RETENTION:
            specs.insert(-1, FOREIGN_RETENTION[home])
        for rid, data, subject, period, minimum, description, law in specs:
            item: dict[str, Any] = {"id": rid}
            if refs := self._cat_ids(data):
                item["data"] = refs
            if not item.get("data"):
                item["subject"] = self.t(subject)
            if period:
                item["period"] = {"value": period[0], "unit": period[1]}
                if minimum:
                    item["bound"] = "minimum"
            item["description"] = self.t(description)
            if law:
                title, article, jurisdiction = LAWS[law]
                item["law"] = {
                    "title": self.t(title),
                    "article": self.t(article),
                    "jurisdiction": jurisdiction,
                }
            retention.append(item)
        return {
            "locations": locations,
            "retention": retention,
            "after_retention": self.t(
                L("We delete or anonymize the information.", "我们将删除或匿名化处理相关信息。")
            ),
        }

    def rights(self) -> dict[str, Any]:
        days, unit = RESPONSE_TIME[self.plan.jurisdiction]
        items = []
        for i, kind in enumerate(self.plan.rights):
            label, how, exceptions, consequence = RIGHTS[kind]
            item: dict[str, Any] = {
                "id": f"right-{kind}",
                "kinds": [kind],
                "label": self.t(label),
                "how": self.t(how) + "\n",
            }
            if i % 2:
                item["channels"] = ["privacy-form", "hotline"] if i % 4 == 1 else ["privacy-email"]
            if i == 0:
                item["response_time"] = {"value": days, "unit": unit}
            if exceptions:
                item["exceptions"] = [self.t(e) for e in exceptions]
            if consequence:
                item["consequence"] = self.t(consequence)
            items.append(item)
        texts = dict(REFUSALS)
        return {
            "items": items,
            "response_time": {"value": days, "unit": unit},
            "verification": self.t(
                L(
                    "We may ask you to sign in or to confirm a code sent to your phone.",
                    "我们可能要求您登录账号或输入发送至您手机的验证码。",
                )
            ),
            "fee": self.t(L("Free of charge for reasonable requests.", "合理请求免费处理。")),
            "refusals": [{"id": rid, "text": self.t(texts[rid])} for rid in self.plan.refusals],
        }

    def children(self) -> dict[str, Any]:
        age = CONSENT_AGE[self.plan.jurisdiction]
        return {
            "parental_consent_under": age,
            "thresholds": [
                {
                    "id": f"age-{age}",
                    "age": age,
                    "rule": self.t(
                        L(
                            "A parent or guardian must consent before the child uses the Services.",
                            "儿童使用本服务前须取得其父母或其他监护人的同意。",
                        )
                    ),
                },
                {
                    "id": "age-18",
                    "age": 18,
                    "rule": self.t(
                        L(
                            "Minors should use the Services under the guidance of a guardian.",
                            "未成年人应在监护人的指导下使用本服务。",
                        )
                    ),
                },
            ]
            if age < 18
            else [
                {
                    "id": "age-18",
                    "age": 18,
                    "rule": self.t(
                        L(
                            "A parent or guardian must consent before a minor uses the Services.",
                            "未成年人使用本服务前须取得其父母或其他监护人的同意。",
                        )
                    ),
                },
            ],
            "text": self.t(
                L(
                    "We protect the personal information of minors with special care.",
                    "我们对未成年人的个人信息给予特别保护。",
                )
            ),
        }

    def cross_border(self) -> dict[str, Any]:
        p = self.plan
        data = self._cat_ids(["account", "device"])
        return {
            "default_location": p.jurisdiction,
            "transfers": [
                {
                    "id": "transfer-affiliate",
                    "destinations": [p.transfer_to],
                    "recipient": "overseas-affiliate",
                    "data": data,
                    "purposes": self._purpose_ids(["provide-core-service", "customer-support"])
                    or [p.purposes[0]],
                    "safeguards": p.safeguards,
                    "description": self.t(
                        L("Global customer support and service operations.", "全球客户支持与服务运营。")
                    ),
                }
            ],
            "consent": self.t(
                L(
                    "We ask for your separate consent before any transfer abroad.",
                    "向境外提供个人信息前，我们将取得您的单独同意。",
                )
            ),
        }

    def updates(self) -> dict[str, Any]:
        texts = dict(MATERIAL_CHANGES)
        return {
            "announce": self.plan.announce,
            "material_changes": [
                {"id": mid, "text": self.t(texts[mid])} for mid in self.plan.material_changes
            ],
            "notice": self.t(
                L(
                    "We announce material changes at least seven days before they take effect.",
                    "重大变更将在生效前至少七日予以公告。",
                )
            ),
        }

    def complaints(self) -> dict[str, Any]:
        regulators = []
        for rid in self.plan.regulators:
            name, jurisdiction, url, kind = REGULATORS[rid]
            regulators.append(
                {"id": rid, "name": self.t(name), "jurisdiction": jurisdiction, "url": url, "kind": kind}
            )
        court = self.plan.city.name[self.lang]
        return {
            "regulators": regulators,
            "disputes": self.t(
                L(
                    f"Disputes are settled by the competent court in {court}.",
                    f"争议由{court}有管辖权的人民法院管辖。",
                )
            ),
        }

    def sections(self) -> list[dict[str, Any]]:
        out = []
        for kind, children in self.plan.layout:
            section = self._section(kind)
            if children:
                section["sections"] = [self._section(child) for child in children]
            out.append(section)
        return out

    def _section(self, kind: str) -> dict[str, Any]:
        topic, title, shows, openers, _ = SECTION_KINDS[kind]
        section: dict[str, Any] = {
            "id": f"section-{kind}",
            "title": self.t(title),
            "topic": topic,
            "text": "\n\n".join(self.t(o) for o in openers[: _OPENERS.get(kind, 1)]) + "\n",
        }
        if shows:
            section["shows"] = list(shows)
        if kind == "rights":
            section["after"] = (
                self.t(
                    L(
                        "If you believe a decision about your request is wrong, you can complain as "
                        "described under *How to contact us*.",
                        "如您认为我们对请求的处理有误，可以按照“如何联系我们”中所述方式投诉。",
                    )
                )
                + "\n"
            )
        return section


# ---------------------------------------------------------------------------------------------
# YAML text
# ---------------------------------------------------------------------------------------------

# Plain (unquoted) text must read as the same string under YAML 1.1 (PyYAML) and 1.2 (ruamel).
_SPECIAL_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_UNSAFE_INSIDE = re.compile(r": |:$| #|[\n\t]|^\s|\s$")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


def _plain_ok(text: str, flow: bool = False) -> bool:
    if not text:
        return False
    first = text[0]
    if not ((first.isascii() and first.isalpha()) or (not first.isascii() and not first.isspace())):
        return False
    if text.lower() in _SPECIAL_WORDS or _UNSAFE_INSIDE.search(text):
        return False
    return not (flow and _FLOW_UNSAFE.search(text))


def _scalar(value: Any, flow: bool = False) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, Q) and _plain_ok(value, flow):
        return value
    return json.dumps(str(value), ensure_ascii=False)


def _emit_mapping(mapping: dict[str, Any], indent: int, out: list[str], top: bool = False) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        if top and out and isinstance(value, (dict, list)):
            out.append("")
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            _emit_mapping(value, indent + 2, out)
        elif isinstance(value, list):
            if value and all(isinstance(v, str) and "\n" not in v for v in value):
                flow = "[" + ", ".join(_scalar(v, flow=True) for v in value) + "]"
                if len(flow) + indent + len(key) < 100 and all(_plain_ok(v, flow=True) for v in value):
                    out.append(f"{pad}{key}: {flow}")
                    continue
            out.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    start = len(out)
                    _emit_mapping(item, indent + 4, out)
                    out[start] = f"{pad}  - " + out[start][indent + 4 :]
                else:
                    out.append(f"{pad}  - {_scalar(item)}")
        elif isinstance(value, str) and "\n" in value:
            out.append(f"{pad}{key}: |" + ("" if value.endswith("\n") else "-"))
            for line in value.rstrip("\n").split("\n"):
                out.append(f"{pad}  {line}" if line else "")
        else:
            out.append(f"{pad}{key}: {_scalar(value)}")


def to_yaml(document: dict[str, Any]) -> str:
    out: list[str] = []
    _emit_mapping(document, 0, out, top=True)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Padding to a realistic size, and the public entry point
# ---------------------------------------------------------------------------------------------


# Optional details dropped, in this order and from the last item backwards, when a policy would
# exceed its target size: real policies differ in how much detail they give. Only words are
# dropped, never a structured fact: the two languages of a policy must agree on those.
_TRIMMABLE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("data_categories",), "examples"),
    (("purposes",), "refusal_consequence"),
    (("data_categories",), "refusal_consequence"),
    (("rights", "items"), "exceptions"),
    (("rights", "items"), "consequence"),
    (("permissions",), "description"),
    (("purposes",), "description"),
    (("sharing", "recipients"), "conditions"),
    (("cookies", "technologies"), "duration"),
    (("security", "certifications"), "scope"),
    (("storage", "retention"), "subject"),
    (("data_categories",), "description"),
    (("rights", "items"), "how"),
)


def _bytes(key: str, value: Any, indent: int) -> int:
    return len(to_yaml({key: value}).encode()) + indent * (1 + to_yaml({key: value}).count("\n"))


def _trim(document: dict[str, Any], size: int, target: int) -> int:
    for path, key in _TRIMMABLE:
        items: Any = document
        for part in path:
            items = items[part]
        indent = 2 * len(path) + 2
        for item in reversed(items):
            if size <= target:
                return size
            if key in item and not (key == "description" and item.get("sensitive")):
                size -= _bytes(key, item.pop(key), indent)
    return size


def _fit(renderer: Renderer, document: dict[str, Any], target: int, rng: random.Random) -> str:
    """Drop optional details, or add section paragraphs, until the file is about `target` bytes."""
    size = _trim(document, len(to_yaml(document).encode()), target)
    slots: list[tuple[dict[str, Any], list[dict[str, str]], int]] = []
    for section in document["sections"]:
        for s in [section, *section.get("sections", [])]:
            kind = s["id"].removeprefix("section-")
            extra = SECTION_KINDS[kind][3][_OPENERS.get(kind, 1) :] + SECTION_KINDS[kind][4]
            slots.append((s, extra, 6 if s is section else 10))
    used = {id(s): 0 for s, _, _ in slots}
    order = list(range(len(slots)))
    rng.shuffle(order)
    step = 0
    while size < target and step < 400:
        section, extra, indent = slots[order[step % len(order)]]
        step += 1
        n = used[id(section)]
        if n >= len(extra) * 2:
            continue
        paragraph = renderer.t(extra[n % len(extra)])
        if n >= len(extra):  # second pass: restate with a lead-in so paragraphs do not repeat verbatim
            paragraph = renderer.t(L("In other words: ", "换言之：")) + paragraph
        used[id(section)] = n + 1
        section["text"] = section["text"].rstrip("\n") + "\n\n" + paragraph + "\n"
        size += sum(len(line.encode()) + indent + 1 for line in paragraph.split("\n")) + 1
    return to_yaml(document)


def controlling_language(plan: Plan) -> str:
    """German organizations write in English first, the others in Chinese."""
    return "en" if plan.jurisdiction == "DE" else "zh-CN"


def _files_for(plan: Plan, rng: random.Random) -> list[tuple[str, str]] | None:
    files = []
    for lang in LANGUAGES:
        renderer = Renderer(plan, lang)
        text = _fit(renderer, renderer.document(), rng.randint(*TARGET_BYTES), rng)
        if not MIN_BYTES <= len(text.encode()) <= MAX_BYTES:
            return None
        files.append((lang, text))
    return files


def generate(out_dir: Path, n: int, seed: int = 0) -> list[Path]:
    """Write `n` policies under `out_dir` (half English, half Chinese); return their paths in order."""
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    paths: list[Path] = []
    index = 0
    while len(paths) < n:
        for _attempt in range(50):
            plan = make_plan(rng, index)
            files = _files_for(plan, rng)
            if files is not None:
                break
        else:  # pragma: no cover - the pools are sized so that this does not happen
            raise RuntimeError(f"could not generate policy {index} within the size limits")
        files.sort(key=lambda file: file[0] != controlling_language(plan))  # an odd N keeps the original
        for lang, text in files[: n - len(paths)]:
            path = out_dir / plan.policy_id / plan.version / f"{lang}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        index += 1
    return paths


def main(argv: list[str] | None = None, write: Callable[[str], Any] = sys.stdout.write) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = generate(args.out_dir, args.n, args.seed)
    sizes = [p.stat().st_size for p in paths]
    if sizes:
        write(
            f"wrote {len(paths)} policies to {args.out_dir} "
            f"({min(sizes) / 1024:.1f}-{max(sizes) / 1024:.1f} KB, "
            f"mean {sum(sizes) / len(sizes) / 1024:.1f} KB)\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
